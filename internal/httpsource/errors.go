package httpsource

import (
	"errors"

	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

// The conditions this package reports. renewer exports each under the same
// name, with its documentation: they are renewer's own values.
var (
	ErrRedirect          = errors.New("renewer: token server redirect refused")
	ErrInsecureURL       = errors.New("renewer: token server URL must use https (plain http is allowed only for a loopback token server)")
	ErrInvalidHeader     = errors.New("renewer: invalid request header")
	ErrBodyTooLarge      = errors.New("renewer: token server response too large")
	ErrMalformedResponse = errors.New("renewer: malformed token server response")
)

// invalidURL returns an error matching urlx.ErrInvalid (renewer's
// ErrInvalidURL) for raw, redacted.
func invalidURL(op, raw string) error { return urlx.Invalid(op, raw) }
