package renewer

import (
	"errors"
	"strings"
	"testing"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite/jsontest"
)

// Oracles for the profile fuzz targets: what a profile makes of a body is
// checked against encoding/json's reading of it (the profiles decode with
// jsonlite, which FuzzJSONLite holds to encoding/json), not against the
// profile's own code.

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
	if obj, ok := jsontest.Object(body); ok && obj != nil {
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
