package wire

import (
	"errors"
	"testing"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
)

var errMalformed = errors.New("malformed")

func TestObjectSaysWhatIsWrongWithoutTheBody(t *testing.T) {
	for body, want := range map[string]string{
		`{"token": "secret`: "malformed: invalid JSON",
		`["secret"]`:        "malformed: not a JSON object",
		`{} "secret"`:       "malformed: invalid JSON",
	} {
		_, err := Object([]byte(body), errMalformed)
		if err == nil || err.Error() != want || !errors.Is(err, errMalformed) {
			t.Errorf("Object(%q) = %v, want %q wrapping errMalformed", body, err, want)
		}
	}
	obj, err := Object([]byte(`{"expires_in": 60}`), errMalformed)
	if err != nil || obj["expires_in"] != float64(60) {
		t.Errorf("Object = %v, %v; want expires_in 60 as a float64", obj, err)
	}
}

func TestNotJSONNamesANonObjectAsOne(t *testing.T) {
	if err := NotJSON(jsonlite.ErrNotObject, errMalformed); err.Error() != "malformed: not a JSON object" {
		t.Errorf("NotJSON(ErrNotObject) = %v", err)
	}
}

func TestString(t *testing.T) {
	if s, err := String("tok", "token", errMalformed); s != "tok" || err != nil {
		t.Errorf(`String("tok") = %q, %v`, s, err)
	}
	if _, err := String(5.0, "token", errMalformed); err == nil || err.Error() != "malformed: token is not a string" || !errors.Is(err, errMalformed) {
		t.Errorf("String(5) = %v", err)
	}
}

func TestMethod(t *testing.T) {
	invalid := func(setting, msg string) error { return errors.New(setting + ": " + msg) }
	for m, want := range map[string]string{"": "GET", "get": "GET", "POST": "POST", "Post": "POST"} {
		if got, err := Method("JSON", m, invalid); got != want || err != nil {
			t.Errorf("Method(%q) = %q, %v; want %q", m, got, err, want)
		}
	}
	_, err := Method("Dolby", "PUT", invalid)
	if want := `Method: Dolby method "PUT" is not "GET" or "POST"`; err == nil || err.Error() != want {
		t.Errorf("Method(PUT) = %v, want %q", err, want)
	}
}
