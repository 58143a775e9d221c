//go:build js && wasm

package main

import (
	"errors"
	"strings"
	"syscall/js"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// optionsError reports createRenewer options that cannot be used. It is
// permanent: the same options fail the same way however often they are tried.
type optionsError string

func (e optionsError) Error() string { return "tokenrenew: " + string(e) }

// optionError reports the one option the renewer refused (a header of
// options.headers it cannot send, a profile setting its server would
// refuse): the JavaScript error names it in its option property. It is
// permanent, as optionsError is.
type optionError struct {
	option string
	err    error
}

func (e *optionError) Error() string {
	return "tokenrenew: options." + e.option + ": " + strings.TrimPrefix(e.err.Error(), "renewer: ")
}

func (e *optionError) Unwrap() error { return e.err }

// newError returns what create reports for renewer.New's err: an option
// error for a header it refused, which only the options could mend, else
// err.
func newError(err error) error {
	if errors.Is(err, renewer.ErrInvalidHeader) {
		return &optionError{"headers", err}
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
	var oe optionsError
	var one *optionError
	if errors.As(err, &oe) || errors.As(err, &one) {
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
	var oe optionsError
	var one *optionError
	isOne := errors.As(err, &one)
	e.Set("permanent", renewer.IsPermanent(err) || errors.As(err, &oe) || isOne)
	if isOne {
		e.Set("option", one.option)
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

// causeOf returns the failure behind err when err joins several errors
// (Unwrap() []error) and the last of them has a code other than code: the
// last failed fetch behind a wait that ended ("timeout", "canceled",
// "expired"). It returns nil otherwise.
func causeOf(err error, code string) error {
	for err != nil {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs := j.Unwrap()
			if len(errs) == 0 {
				return nil
			}
			last := errs[len(errs)-1]
			if errorCode(last) == code {
				return nil
			}
			return last
		}
		err = errors.Unwrap(err)
	}
	return nil
}
