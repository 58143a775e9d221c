package renewer

import "github.com/tokenrenew/tokenrenew/internal/urlx"

// invalidURL returns an error matching ErrInvalidURL for raw, redacted.
func invalidURL(op, raw string) error { return urlx.Invalid(op, raw) }
