package main

// faces returns every generated region.
func faces(codes []mobileCode, setters []setter) []face {
	all := append(codeFaces(codes), optionFaces(setters)...)
	return append(all, jsOptionFaces()...)
}
