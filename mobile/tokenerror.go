package mobile

import (
	"strconv"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// A TokenError describes a failure: what Listener.OnError is given and what
// Wait.Failure returns. It is an object, not positional values, so that
// fields can be added without breaking the code that reads it. Its text
// holds no secret.
type TokenError struct {
	// Code is one of the ErrorCode constants.
	Code int64
	// Message says what failed, without the code and without secrets.
	Message string
	// Permanent says renewal waits for Refresh or Resume (a 401, a 403, a
	// refused URL) instead of retrying on its own.
	Permanent bool
}

// newTokenError describes err; nil gives nil.
func newTokenError(err error) *TokenError {
	if err == nil {
		return nil
	}
	return &TokenError{Code: codeFor(err), Message: message(err), Permanent: renewer.IsPermanent(err)}
}

// String reads as the text of a thrown error: "tokenrenew error 4: ...",
// with " (permanent)" after a permanent failure.
func (e *TokenError) String() string {
	if e == nil {
		return "<nil>"
	}
	s := errorPrefix + strconv.FormatInt(e.Code, 10) + ": " + e.Message
	if e.Permanent {
		s += " (permanent)"
	}
	return s
}
