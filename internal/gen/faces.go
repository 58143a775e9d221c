package main

// faces returns every generated region.
func faces(codes []mobileCode, setters []setter) ([]face, error) {
	dts, err := dtsFaces()
	if err != nil {
		return nil, err
	}
	all := append(codeFaces(codes), optionFaces(setters)...)
	all = append(all, dartOptionFaces(setters)...)
	all = append(all, jsOptionFaces()...)
	return append(all, dts...), nil
}
