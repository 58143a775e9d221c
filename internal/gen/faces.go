package main

// faces returns every generated region.
func faces(codes []mobileCode, setters []setter) []face {
	all := append(codeFaces(codes), optionFaces(setters)...)
	all = append(all, dartOptionFaces(setters)...)
	return append(all, jsOptionFaces()...)
}
