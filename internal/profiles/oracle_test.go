package profiles

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite/jsontest"
	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/agora"
	"github.com/tokenrenew/tokenrenew/renewer/dolby"
	"github.com/tokenrenew/tokenrenew/renewer/roomservice"
)

// Oracles for the vendor profiles' fuzz targets: what a profile makes of a
// body is checked against encoding/json's reading of it, not against the
// profile's own code. They live here, beside the table of every profile.

// wantTokenField checks a grant read from one named string field, the way
// the Agora and Dolby profiles read theirs: absent or "" is ErrNoToken, a
// string is the token, anything else is malformed.
func wantTokenField(t *testing.T, body []byte, v any, present bool, g renewer.Grant, err error) {
	t.Helper()
	s, isString := v.(string)
	switch {
	case !present || (isString && s == ""):
		if !errors.Is(err, renewer.ErrNoToken) {
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
		if !errors.Is(err, renewer.ErrMalformedResponse) {
			t.Fatalf("%q: a token that is not a string gave %+v, %v; want ErrMalformedResponse", body, g, err)
		}
	}
}

func checkDolby(t *testing.T, body []byte) {
	g, err := dolby.Profile{}.Parse(&renewer.Response{StatusCode: 200, Body: body})
	obj, ok := jsontest.Object(body)
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
	lifetime, given := obj["expires_in"]
	if !given {
		lifetime = obj["expiresIn"]
	}
	if s, ok := v.(string); ok && s != "" && negative(lifetime) {
		if !errors.Is(err, renewer.ErrAlreadyExpired) {
			t.Fatalf("%q: a negative lifetime gave %+v, %v; want ErrAlreadyExpired", body, g, err)
		}
		return
	}
	wantTokenField(t, body, v, present, g, err)
}

// negative reports whether v, as encoding/json decodes it with UseNumber,
// is a negative number or a string strconv reads as one.
func negative(v any) bool {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case string:
		s = x
	default:
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && f < 0
}

func checkAgora(t *testing.T, p agora.Profile, body []byte) {
	g, err := p.Parse(&renewer.Response{StatusCode: 200, Body: body})
	obj, ok := jsontest.Object(body)
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
	wantTokenField(t, body, v, present, g, err)
	if err == nil && p.Legacy && rtm != "" {
		if got, _ := g.Extra["rtmToken"].(renewer.Secret); string(got) != rtm {
			t.Fatalf("%q: the RTM token was not kept as a Secret", body)
		}
	}
}

// checkRoomService holds RoomService to encoding/json decoding into a
// struct: field names match exactly, else case-insensitively.
func checkRoomService(t *testing.T, body []byte) {
	g, err := roomservice.Profile{Room: "r"}.Parse(&renewer.Response{StatusCode: 200, Body: body})
	obj, ok := jsontest.Object(body)
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
		if !errors.Is(err, renewer.ErrMalformedResponse) {
			t.Fatalf("%q: resources not a list gave %+v, %v", body, g, err)
		}
	case s.Token == nil || (isString && tok == ""):
		if err == nil {
			t.Fatalf("%q: no token, yet %+v", body, g)
		}
	case !isString:
		if !errors.Is(err, renewer.ErrMalformedResponse) {
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

func FuzzAgoraParse(f *testing.F) {
	for _, s := range []string{`{"token":"007eJxSYDic3hHucyFJu0fj3PLd6Yd+HT90n2cN180U66Lk3u819+YrMFiaGzg7GpumpJoZJJuYmJmYJiUlplokGhmaGpgZJhkbL+Vmzo5gYmDIP6LGwMjAyMDCwMgA4jOBSWYwyQIlS1KLS1gYDI2MTQABAAD//04rIQg="}`, `{"rtcToken":"a","rtmToken":"b"}`, `{"token":1}`, `null`, `{`, ``} {
		f.Add([]byte(s), true, "rte")
		f.Add([]byte(s), false, "rtc")
	}
	f.Add([]byte(`{"rtcToken":"a","rtmToken":"b c"}`), true, "rte")
	f.Fuzz(func(t *testing.T, body []byte, legacy bool, typ string) {
		// The oracle covers the token types whose field it knows.
		switch {
		case legacy && typ == "rte", !legacy && typ == "rtc":
			checkAgora(t, agora.Profile{TokenType: typ, Channel: "c", UID: "u", Legacy: legacy}, body)
		default:
			g, err := agora.Profile{TokenType: typ, Channel: "c", UID: "u", Legacy: legacy}.Parse(&renewer.Response{StatusCode: 200, Body: body})
			if err == nil && g.Value == "" {
				t.Fatal("no error and no token")
			}
		}
	})
}

func FuzzDolbyParse(f *testing.F) {
	for _, s := range []string{`{"access_token":"a","refresh_token":"r","expires_in":3600}`, `{"accessToken":"a","expiresIn":"1e309"}`, `{"expires_in":-1}`, `[]`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(checkDolby)
}

func FuzzRoomServiceParse(f *testing.F) {
	for _, s := range []string{`{"user":"alice","resources":[{"id":"r_1","object":"room","reference":"lobby","permission":"join"}],"token":"rs-session-token"}`, `{"body":"Unauthorized"}`, `{"token":"t","resources":[1,null,{}]}`, `{"token":"t","user":{}}`, `0`, ``} {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"TOKEN":"t","Resources":[]}`))
	f.Fuzz(checkRoomService)
}
