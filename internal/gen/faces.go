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
	settings, err := settingFaces(setters)
	if err != nil {
		return nil, err
	}
	all = append(all, settings...)
	return append(all, dts...), nil
}
