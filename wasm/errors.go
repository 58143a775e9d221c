//go:build js && wasm

package main

import (
	"errors"
	"strings"
	"syscall/js"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// optionsError reports createRenewer options that cannot be used: those
// this face reads, and those the renewer refuses (a header it cannot send,
// a profile setting its server would refuse). It is permanent: the same
// options fail the same way however often they are tried.
type optionsError struct {
	option string // the option to mend, the JavaScript error's option; "" when no one option is
	msg    string
}

func (e *optionsError) Error() string { return "tokenrenew: " + e.msg }

// badOptions returns an optionsError that blames no one option.
func badOptions(msg string) error { return &optionsError{msg: msg} }

// badOption returns an optionsError for option, reading
// "tokenrenew: options.<option><msg>".
func badOption(option, msg string) error {
	return &optionsError{option: option, msg: "options." + option + msg}
}

// refusedOption returns an optionsError for option that the renewer's err
// refused, in err's words.
func refusedOption(option string, err error) error {
	return badOption(option, ": "+strings.TrimPrefix(err.Error(), "renewer: "))
}

// newError returns what create reports for renewer.New's err: a header it
// refused is an option error, which only the options can mend.
func newError(err error) error {
	if errors.Is(err, renewer.ErrInvalidHeader) {
		return refusedOption("headers", err)
	}
	return err
}

// errorCode returns err's stable JavaScript code: "invalid_options" for
// unusable createRenewer options, which only this face makes (a header the
// renewer refused included), else
// renewer.Code ("unauthorized", "origin_not_allowed", "http_status",
// "timeout", "canceled", "stopped", "network" for fetch failures and CORS
// refusals, ...). The face adds no classification of its own to the
// renewer's errors.
func errorCode(err error) string {
	var oe *optionsError
	if errors.As(err, &oe) {
		return "invalid_options"
	}
	return renewer.Code(err)
}

// jsError returns a JavaScript Error for err with the properties code,
// permanent, for an HTTP status status and retryAfterMs, and cause when err
// joins a failure of another code (see causeOf). tokenrenew.js rebuilds it
// as a TokenRenewError.
func jsError(err error) js.Value {
	e := js.Global().Get("Error").New(err.Error())
	e.Set("name", "TokenRenewError")
	code := errorCode(err)
	e.Set("code", code)
	var oe *optionsError
	isOptions := errors.As(err, &oe)
	e.Set("permanent", isOptions || renewer.IsPermanent(err))
	if isOptions && oe.option != "" {
		e.Set("option", oe.option)
	}
	var se *renewer.StatusError
	if errors.As(err, &se) {
		e.Set("status", se.StatusCode)
		if se.RetryAfter > 0 {
			e.Set("retryAfterMs", se.RetryAfter.Milliseconds())
		}
	}
	if c := causeOf(err, code); c != nil {
		e.Set("cause", jsError(c))
	}
	return e
}

// causeOf returns the failure behind a wait that ended ("timeout",
// "canceled", "expired"): the last failure of a *renewer.WaitError in err's
// chain, when it has a code other than code. It returns nil otherwise.
func causeOf(err error, code string) error {
	var we *renewer.WaitError
	if !errors.As(err, &we) || we.Last == nil || errorCode(we.Last) == code {
		return nil
	}
	return we.Last
}
