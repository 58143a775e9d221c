package renewer

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

// Oracles for the profile fuzz targets: what a profile makes of a body is
// checked against encoding/json's reading of it (the profiles decode with
// jsonlite, which FuzzJSONLite holds to encoding/json), not against the
// profile's own code.

// stdDecode decodes b as encoding/json does into an any, strictly (one
// value, nothing after it), numbers as json.Number.
func stdDecode(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the value")
	}
	return v, nil
}

// stdObject decodes body as encoding/json does. ok is false when it is not
// one JSON value; obj is nil when it is a value but not an object.
func stdObject(body []byte) (obj map[string]any, ok bool) {
	v, err := stdDecode(body)
	if err != nil {
		return nil, false
	}
	m, _ := v.(map[string]any)
	return m, true
}

// checkText holds Text to strings.Fields: a body of one field that can be
// a token is that token; a body of none has no token; two fields are not a
// token.
func checkText(t *testing.T, body []byte) {
	g, err := Text{}.Parse(&Response{StatusCode: 200, Body: body})
	if err == nil {
		err = checkValue(g.Value)
	}
	switch f := strings.Fields(string(body)); {
	case len(f) == 0:
		if !errors.Is(err, ErrNoToken) {
			t.Fatalf("%q: blank, got %q, %v; want ErrNoToken", body, g.Value, err)
		}
	case len(f) > 1:
		if err == nil {
			t.Fatalf("%q: two words taken as the token %q", body, g.Value)
		}
	case printableWord(f[0]) && len(f[0]) <= MaxTokenLen:
		if err != nil || g.Value != f[0] {
			t.Fatalf("%q: got %q, %v; want %q", body, g.Value, err, f[0])
		}
	default:
		if err == nil {
			t.Fatalf("%q: %q taken though it cannot be a token", body, g.Value)
		}
	}
}

// checkDetect: a body that is a JSON object is read as the JSON profile
// reads it, any other body as text.
func checkDetect(t *testing.T, body []byte) {
	g, err := Detect{}.Parse(&Response{StatusCode: 200, Body: body})
	var wg Grant
	var werr error
	if obj, ok := stdObject(body); ok && obj != nil {
		wg, werr = JSON{}.Parse(&Response{StatusCode: 200, Body: body})
	} else if trimmed := strings.TrimSpace(string(body)); !strings.HasPrefix(trimmed, "{") {
		wg, werr = Text{}.Parse(&Response{StatusCode: 200, Body: body})
	} else {
		if err == nil {
			t.Fatalf("%q: broken JSON read as %+v", body, g)
		}
		return
	}
	if (err == nil) != (werr == nil) || g.Value != wg.Value || g.ExpiresIn != wg.ExpiresIn || !g.ExpiresAt.Equal(wg.ExpiresAt) {
		t.Fatalf("%q: Detect %+v, %v; want %+v, %v", body, g, err, wg, werr)
	}
}

// printableWord reports whether w is all printable ASCII with no space.
func printableWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] <= ' ' || w[i] >= 0x7f {
			return false
		}
	}
	return true
}
