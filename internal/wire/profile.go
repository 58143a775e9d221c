package wire

import (
	"errors"
	"strconv"
	"strings"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
)

// The steps every profile that reads JSON shares, written once so that
// the profiles say the same of the same fault. The renewer's conditions
// come in as arguments (malformed is renewer.ErrMalformedResponse, invalid
// is renewer.InvalidSetting): this package sits below the renewer and
// cannot import it.

// Object decodes body as one JSON object, and nothing after it, with its
// top-level numbers as float64. Its error wraps malformed and says what is
// wrong as jsonlite does (see NotJSON), never quoting the body, which may
// hold a token.
func Object(body []byte, malformed error) (map[string]any, error) {
	obj, err := jsonlite.DecodeObject(body)
	if err != nil {
		return nil, NotJSON(err, malformed)
	}
	normalizeNumbers(obj)
	return obj, nil
}

// NotJSON is the error of a body jsonlite could not read as the JSON value
// a profile expects, err being jsonlite's: "not a JSON object" for a value
// of another kind, else jsonlite's fixed text ("invalid JSON", "JSON
// nested too deeply", ...), wrapping malformed.
func NotJSON(err, malformed error) error {
	if errors.Is(err, jsonlite.ErrNotObject) {
		return errtext.Wrap(malformed, "not a JSON object")
	}
	return errtext.Wrap(malformed, err.Error())
}

// String returns v, the value of the field called name, as a string, or
// an error wrapping malformed that says "<name> is not a string".
func String(v any, name string, malformed error) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", errtext.Wrap(malformed, name+" is not a string")
	}
	return s, nil
}

// Method returns the HTTP method m names for the profile called profile:
// "GET" for "", "GET" or "POST" in any case, upper-cased. Any other is the
// error invalid returns for the setting "Method".
func Method(profile, m string, invalid func(setting, msg string) error) (string, error) {
	switch u := strings.ToUpper(m); u {
	case "":
		return "GET", nil
	case "GET", "POST":
		return u, nil
	}
	return "", invalid("Method", profile+" method "+strconv.Quote(m)+` is not "GET" or "POST"`)
}
