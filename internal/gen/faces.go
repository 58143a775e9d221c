package main

// faces returns every generated region.
func faces(codes []mobileCode) []face {
	return codeFaces(codes)
}
