// Package jsontest reads JSON as encoding/json does, strictly: one value
// and nothing after it. It is the oracle the differential tests of
// jsonlite and of the token server profiles hold their readers to; only
// tests import it.
package jsontest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// Decode decodes b into an any as encoding/json does, numbers as
// json.Number when useNumber is set, and fails on anything after the value.
func Decode(b []byte, useNumber bool) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if useNumber {
		dec.UseNumber()
	}
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the value")
	}
	return v, nil
}

// Object decodes b as Decode does with json.Number. ok is false when b is
// not one JSON value; obj is nil when it is a value but not an object.
func Object(b []byte) (obj map[string]any, ok bool) {
	v, err := Decode(b, true)
	if err != nil {
		return nil, false
	}
	m, _ := v.(map[string]any)
	return m, true
}
