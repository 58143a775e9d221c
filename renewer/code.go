package renewer

import (
	"context"
	"errors"
)

// codes maps conditions to their stable names, in the order they are
// tested: ErrOriginNotAllowed wraps a 403, so it precedes ErrForbidden, and
// a Store's panic matches ErrStore and ErrPanic, so ErrPanic comes first: a
// bug to mend says more than a failed Store. The browser's ErrorCode union
// in tokenrenew.d.ts is generated from Codes: after a change here, run
// go generate ./internal/gen.
var codes = [...]struct {
	err  error
	code string
}{
	{ErrPanic, "internal"},
	{ErrStore, "store"},
	{ErrOriginNotAllowed, "origin_not_allowed"},
	{ErrUnauthorized, "unauthorized"},
	{ErrForbidden, "forbidden"},
	{ErrInsecureURL, "insecure_url"},
	{ErrInvalidURL, "invalid_url"},
	{ErrInvalidHeader, "invalid_header"},
	{ErrRedirect, "redirect"},
	{ErrInvalidProfile, "invalid_profile"},
	{ErrNoToken, "no_token"},
	{ErrInvalidToken, "invalid_token"},
	{ErrMalformedResponse, "malformed_response"},
	{ErrBodyTooLarge, "body_too_large"},
	{ErrAlreadyExpired, "already_expired"},
	{ErrNoProgress, "no_progress"},
	{ErrExpired, "expired"},
	{ErrShortLifetime, "short_lifetime"},
	{ErrReentrant, "reentrant"},
	{ErrWrongIdentity, "wrong_identity"},
	{ErrStopped, "stopped"},
	{ErrNotStarted, "not_started"},
	{ErrAlreadyStarted, "already_started"},
	{errors.ErrUnsupported, "unsupported"},
	{context.DeadlineExceeded, "timeout"},
	{context.Canceled, "canceled"},
}

// Code returns a short, stable name for what err is, for the faces that
// cannot carry a Go error: the JavaScript API, the mobile binding's error
// codes, tokenctl's JSON output. It is the lower-case name of the first
// condition err matches with errors.Is ("unauthorized", "origin_not_allowed",
// "no_progress", "redirect", "store", ...), "internal" for a recovered
// panic (ErrPanic, a Store's included), "unsupported" for what the runtime
// cannot do (errors.ErrUnsupported: a JavaScript runtime without fetch),
// "timeout" for a deadline,
// "canceled" for a wait its caller canceled (the renewer goes on; a stopped
// one is "stopped"), "http_status" for any other *StatusError, or "network"
// for the rest (refused, reset, DNS, TLS, CORS). It is the one
// classification: the faces map its names and add none of their own. It
// returns "" for a nil err.
func Code(err error) string {
	if err == nil {
		return ""
	}
	var we *WaitError
	if errors.As(err, &we) {
		if we.Expired {
			return "expired"
		}
		return Code(we.Err)
	}
	if code, ok := condition(err); ok {
		return code
	}
	var se *StatusError
	var te interface{ Timeout() bool }
	switch {
	case errors.As(err, &se):
		return "http_status"
	case errors.As(err, &te) && te.Timeout():
		return "timeout"
	}
	return "network"
}

// condition returns the name of the first of codes' conditions err
// matches with errors.Is, and whether it matches one.
func condition(err error) (string, bool) {
	for _, c := range codes {
		if errors.Is(err, c.err) {
			return c.code, true
		}
	}
	return "", false
}

// Codes returns every name Code can return but "", in a fixed order, so
// that each face can check that it knows them all.
func Codes() []string {
	names := make([]string, 0, len(codes)+2)
	for _, c := range codes {
		names = append(names, c.code)
	}
	return append(names, "http_status", "network")
}
