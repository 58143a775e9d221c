package main

// faces returns every generated region.
func faces(codes []mobileCode, setters []setter) []face {
	return append(codeFaces(codes), optionFaces(setters)...)
}
