package renewer

import "github.com/tokenrenew/tokenrenew/internal/errtext"

// A panicError is a panic the renewer recovered, in words. It matches
// ErrPanic.
type panicError struct{ text string }

func (e *panicError) Error() string        { return e.text }
func (e *panicError) Is(target error) bool { return target == ErrPanic }

// panicText describes a recovered panic value, guarded: see errtext.PanicText.
func panicText(p any) string { return errtext.PanicText(p) }
