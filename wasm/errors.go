//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// optionsError reports createRenewer options that cannot be used.
type optionsError string

func (e optionsError) Error() string { return "tokenrenew: " + string(e) }

// errorCode returns err's stable JavaScript code: "invalid_options" for
// unusable createRenewer options, "stopped" when the renewer was stopped
// meanwhile, else renewer.Code ("unauthorized", "origin_not_allowed",
// "http_status", "timeout", "network" for fetch failures and CORS
// refusals, ...).
func errorCode(err error) string {
	var oe optionsError
	switch code := renewer.Code(err); {
	case errors.As(err, &oe):
		return "invalid_options"
	case code == "canceled":
		return "stopped"
	default:
		return code
	}
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
