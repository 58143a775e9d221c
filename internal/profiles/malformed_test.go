package profiles

import (
	"errors"
	"testing"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// TestEveryProfileSaysTheSameOfABodyThatIsNotAJSONObject holds the
// built-in profiles that read JSON to one wording of a malformed body: a
// syntax error, a value that is not an object, and a token that is not a
// string read the same from every profile (the token's field name aside),
// and each matches renewer.ErrMalformedResponse.
func TestEveryProfileSaysTheSameOfABodyThatIsNotAJSONObject(t *testing.T) {
	parse := func(name string, body string) error {
		t.Helper()
		p, err := ByName(name, Options{Channel: "c", Room: "r"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Parse(&renewer.Response{StatusCode: 200, Body: []byte(body)})
		return err
	}
	for _, body := range []string{`{"token": `, `{"token" "x"}`, `[1, 2]`, `"token"`, `{} {}`} {
		want := parse("json", body)
		if !errors.Is(want, renewer.ErrMalformedResponse) {
			t.Fatalf("json profile, body %q: %v, not a malformed response", body, want)
		}
		names := []string{"agora", "dolby", "roomservice"}
		if body[0] == '{' {
			names = append(names, "detect") // which reads any other body as text
		}
		for _, name := range names {
			got := parse(name, body)
			if !errors.Is(got, renewer.ErrMalformedResponse) || got.Error() != want.Error() {
				t.Errorf("%s profile, body %q: %v; want %v, as the json profile says", name, body, got, want)
			}
		}
	}
}

func TestEveryProfileSaysTheSameOfATokenThatIsNotAString(t *testing.T) {
	for name, field := range map[string]string{"json": "token", "agora": "token", "dolby": "access_token", "roomservice": "token"} {
		p, err := ByName(name, Options{Channel: "c", Room: "r"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Parse(&renewer.Response{StatusCode: 200, Body: []byte(`{"` + field + `": 5}`)})
		label := field
		if name == "json" {
			label = "token field" // the one it found, of the paths it reads
		}
		if want := renewer.ErrMalformedResponse.Error() + ": " + label + " is not a string"; err == nil || err.Error() != want || !errors.Is(err, renewer.ErrMalformedResponse) {
			t.Errorf("%s profile: %v; want %q", name, err, want)
		}
	}
}
