package renewer

import "github.com/tokenrenew/tokenrenew/internal/errtext"

// A panicError is a panic the renewer recovered, in words. It matches
// ErrPanic.
type panicError struct{ text string }

func (e *panicError) Error() string        { return e.text }
func (e *panicError) Is(target error) bool { return target == ErrPanic }

// panicText describes a recovered panic value, guarded: see errtext.PanicText.
func panicText(p any) string { return errtext.PanicText(p) }

// appCall runs f, app code the renewer calls outside a fetch (on New's and
// Start's goroutine: a Profile's NewRequest, a TokenChecker's CheckToken;
// and every Store call, through storeCall), as a fetch runs a Source: a
// panic becomes an error that matches ErrPanic. what names the call. An
// error of the app's own is the caller's to read through a guarded copy
// (Renewer.Redact).
func appCall(what string, f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{"renewer: " + what + " panicked: " + panicText(p)}
		}
	}()
	return f()
}
