package renewer

import (
	"strconv"

	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

// A urlError reports a token server URL that is not an absolute http or
// https URL. It matches ErrInvalidURL.
type urlError struct {
	op  string // "parse", or the request's method
	url string // redacted
}

func (e *urlError) Error() string {
	return "renewer: " + e.op + " " + strconv.Quote(e.url) + ": not an absolute http or https URL"
}

func (e *urlError) Is(target error) bool { return target == ErrInvalidURL }

// invalidURL returns a urlError for raw, redacted.
func invalidURL(op, raw string) error { return &urlError{op: op, url: urlx.Redact(raw)} }
