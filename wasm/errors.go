//go:build js && wasm

package main

import (
	"context"
	"errors"
	"syscall/js"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// optionsError reports createRenewer options that cannot be used.
type optionsError string

func (e optionsError) Error() string { return "tokenrenew: " + string(e) }

// codes maps the renewer's conditions to the stable JavaScript codes, in
// the order they are tested: ErrOriginNotAllowed wraps a 403, so it comes
// before ErrForbidden.
var codes = [...]struct {
	err  error
	code string
}{
	{renewer.ErrOriginNotAllowed, "origin_not_allowed"},
	{renewer.ErrUnauthorized, "unauthorized"},
	{renewer.ErrForbidden, "forbidden"},
	{renewer.ErrInsecureURL, "insecure_url"},
	{renewer.ErrNoToken, "no_token"},
	{renewer.ErrInvalidToken, "invalid_token"},
	{renewer.ErrMalformedResponse, "malformed_response"},
	{renewer.ErrBodyTooLarge, "body_too_large"},
	{renewer.ErrAlreadyExpired, "already_expired"},
	{renewer.ErrNoProgress, "no_progress"},
	{renewer.ErrExpired, "expired"},
	{renewer.ErrStopped, "stopped"},
	{renewer.ErrNotStarted, "not_started"},
}

// errorCode returns err's stable code: one of the renewer's conditions
// (codes), "http_status" for another non-2xx answer, "timeout" when a
// deadline passed, "stopped" when the renewer was stopped meanwhile,
// "invalid_options", "invalid_url", or "network" for everything else
// (fetch failures, CORS refusals included).
func errorCode(err error) string {
	for _, c := range codes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	var se *renewer.StatusError
	var oe optionsError
	switch {
	case errors.As(err, &se):
		return "http_status"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "stopped"
	case errors.As(err, &oe):
		return "invalid_options"
	case errors.Is(err, renewer.ErrInvalidURL):
		return "invalid_url"
	}
	return "network"
}

// jsError returns a JavaScript Error for err with the properties code,
// permanent and, for an HTTP status, status and retryAfterMs.
func jsError(err error) js.Value {
	e := js.Global().Get("Error").New(err.Error())
	e.Set("name", "TokenRenewError")
	e.Set("code", errorCode(err))
	e.Set("permanent", renewer.IsPermanent(err))
	var se *renewer.StatusError
	if errors.As(err, &se) {
		e.Set("status", se.StatusCode)
		if se.RetryAfter > 0 {
			e.Set("retryAfterMs", se.RetryAfter.Milliseconds())
		}
	}
	return e
}
