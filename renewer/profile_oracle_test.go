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

// wantTokenField checks a grant read from one named string field, the way
// the Agora and Dolby profiles read theirs: absent or "" is ErrNoToken, a
// string is the token, anything else is malformed.
func wantTokenField(t *testing.T, body []byte, v any, present bool, g Grant, err error) {
	t.Helper()
	s, isString := v.(string)
	switch {
	case !present || (isString && s == ""):
		if !errors.Is(err, ErrNoToken) {
			t.Fatalf("%q: no token field, got %+v, %v; want ErrNoToken", body, g, err)
		}
	case isString:
		if err != nil || g.Value != s {
			t.Fatalf("%q: got %q, %v; want the token %q", body, g.Value, err, s)
		}
		if g.ExpiresIn < 0 {
			t.Fatalf("%q: negative lifetime %v", body, g.ExpiresIn)
		}
	default:
		if !errors.Is(err, ErrMalformedResponse) {
			t.Fatalf("%q: a token that is not a string gave %+v, %v; want ErrMalformedResponse", body, g, err)
		}
	}
}

func checkDolby(t *testing.T, body []byte) {
	g, err := Dolby{}.Parse(&Response{StatusCode: 200, Body: body})
	obj, ok := stdObject(body)
	if !ok || obj == nil {
		if err == nil {
			t.Fatalf("%q is not a JSON object, yet Dolby read %+v", body, g)
		}
		return
	}
	v, present := obj["access_token"]
	if !present {
		v, present = obj["accessToken"]
	}
	wantTokenField(t, body, v, present, g, err)
}

func checkAgora(t *testing.T, p Agora, body []byte) {
	g, err := p.Parse(&Response{StatusCode: 200, Body: body})
	obj, ok := stdObject(body)
	if !ok || obj == nil {
		if err == nil {
			t.Fatalf("%q is not a JSON object, yet Agora read %+v", body, g)
		}
		return
	}
	field := "token"
	if p.Legacy {
		field = "rtcToken"
	}
	v, present := obj[field]
	if !present && p.Legacy {
		v, present = obj["token"]
	}
	rtm, _ := obj["rtmToken"].(string)
	if p.Legacy && rtm != "" && checkValue(rtm) != nil {
		if tok, _ := v.(string); present && tok != "" {
			if err == nil {
				t.Fatalf("%q: an RTM token that cannot be a token was taken", body)
			}
			return
		}
	}
	wantTokenField(t, body, v, present, g, err)
	if err == nil && p.Legacy && rtm != "" {
		if got, _ := g.Extra["rtmToken"].(Secret); string(got) != rtm {
			t.Fatalf("%q: the RTM token was not kept as a Secret", body)
		}
	}
}

// checkRoomService holds RoomService to encoding/json decoding into a
// struct: field names match exactly, else case-insensitively.
func checkRoomService(t *testing.T, body []byte) {
	g, err := RoomService{Room: "r"}.Parse(&Response{StatusCode: 200, Body: body})
	obj, ok := stdObject(body)
	if !ok {
		if err == nil {
			t.Fatalf("%q is not JSON, yet Room Service read %+v", body, g)
		}
		return
	}
	names := [...]string{"token", "user", "resources", "body"}
	for _, n := range names {
		k := 0
		for key := range obj {
			if strings.EqualFold(key, n) {
				k++
			}
		}
		if k > 1 {
			return // which of two spellings wins depends on their order, which a map has lost
		}
	}
	var s struct{ Token, User, Resources, Body any }
	if strings.TrimSpace(string(body)) != "null" && obj == nil {
		if err == nil {
			t.Fatalf("%q is not an object, yet Room Service read %+v", body, g)
		}
		return
	}
	if jerr := json.Unmarshal(body, &s); jerr != nil {
		return // a number out of float64's range: encoding/json refuses the whole body
	}
	list, isList := s.Resources.([]any)
	tok, isString := s.Token.(string)
	switch {
	case s.Resources != nil && !isList:
		if !errors.Is(err, ErrMalformedResponse) {
			t.Fatalf("%q: resources not a list gave %+v, %v", body, g, err)
		}
	case s.Token == nil || (isString && tok == ""):
		if err == nil {
			t.Fatalf("%q: no token, yet %+v", body, g)
		}
	case !isString:
		if !errors.Is(err, ErrMalformedResponse) {
			t.Fatalf("%q: a token that is not a string gave %+v, %v", body, g, err)
		}
	default:
		if err != nil || g.Value != tok {
			t.Fatalf("%q: got %q, %v; want %q", body, g.Value, err, tok)
		}
		if u, ok := s.User.(string); ok && g.Extra["user"] != u {
			t.Fatalf("%q: user %v, want %q", body, g.Extra["user"], u)
		}
		if got, _ := g.Extra["resources"].([]any); len(got) != len(list) {
			t.Fatalf("%q: %d resources, want %d", body, len(got), len(list))
		}
	}
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
