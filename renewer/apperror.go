package renewer

import (
	"errors"
	"io"
	"io/fs"
	"slices"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/permanent"
)

// An error the renewer did not make itself (what a Source, a Store, a
// Transport or a Profile returns or panics with, what a token server or
// net/http says) is the app's or the world's value: its methods (Error,
// Is, As, Unwrap, Timeout) are code the renewer does not control. They may
// panic (a nil *T whose Error reads its receiver, Go's "nil error != nil"),
// quote a secret at any depth of the chain, or call back into the renewer.
// So the renewer reads such an error once, at the boundary, through the
// guarded readers of this file, and keeps a redactedError in its place:
// text, scrubbed, and copies of what errors.Is, errors.As, Code and
// IsPermanent need. No other code calls a method of a foreign error.

// safeText returns err.Error(), or the name of err's type when Error
// panics (errtext.ErrorText, which the faces use too).
func safeText(err error) string { return errtext.ErrorText(err) }

// safeIs is errors.Is, false when a method of err's chain panics.
func safeIs(err, target error) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return errors.Is(err, target)
}

// safeAs is errors.As, false when a method of err's chain panics.
func safeAs(err error, target any) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return errors.As(err, target)
}

// safePermanent is permanent.Marked, false when a method of err's chain
// panics.
func safePermanent(err error) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return permanent.Marked(err)
}

// safeTimeout reports whether err's chain says it is a timeout, as
// net.Error's Timeout does; false when a method panics.
func safeTimeout(err error) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

// stdConditions are the standard library's conditions a redactedError
// keeps beside those Code names (the renewer's own, the context errors and
// errors.ErrUnsupported): sentinels whose text their package fixes, so
// that they hold no secret.
var stdConditions = [...]error{io.EOF, io.ErrUnexpectedEOF, fs.ErrNotExist, fs.ErrPermission, fs.ErrExist, fs.ErrClosed}

// A redactedError stands for an error the renewer did not make: its text
// with the renewer's secrets replaced, and, in its chain, copies of what
// errors.Is, errors.As, Code and IsPermanent need of it: the conditions it
// matched (the renewer's and stdConditions), a copy of its *StatusError
// with Message scrubbed, and the transport's own facts (platformMarks). No
// level of its chain is an original value, so none holds a secret or runs
// the app's code when the renewer classifies it, under its lock or not.
//
// For errors.Is with any other target (an app's own sentinel), is asks the
// original, guarded: the app's errors.Is(err, errMine) still works, on the
// app's goroutine, while errors.Unwrap and errors.As never reach the
// original. A closure keeps it, out of reach of fmt and reflection.
type redactedError struct {
	msg       string
	marks     []error
	permanent bool             // a Permanent mark was in the chain
	timeout   bool             // the chain said it was a timeout
	is        func(error) bool // safeIs on the original; nil for none
}

func (e *redactedError) Error() string   { return e.msg }
func (e *redactedError) Unwrap() []error { return e.marks }

// Is asks the original error about a target that is not one of the
// conditions the marks answer for.
func (e *redactedError) Is(target error) bool {
	return e.is != nil && !isCondition(target) && e.is(target)
}

// isCondition reports whether target is one of the conditions a
// redactedError's marks answer for: the renewer asks only about these, so
// that classifying an error never runs the app's code.
func isCondition(target error) bool {
	for _, c := range codes {
		if target == c.err {
			return true
		}
	}
	return slices.Contains(stdConditions[:], target)
}

// Timeout reports whether the original error said it was a timeout, for
// Code.
func (e *redactedError) Timeout() bool { return e.timeout }

// redact returns the redactedError that stands for err, with s's secrets
// scrubbed from its text and from its StatusError's Message. A
// redactedError is scrubbed again, keeping its marks. It reads err only
// through the guarded readers.
func (s scrubber) redact(err error) error {
	if err == nil {
		return nil
	}
	if re, ok := err.(*redactedError); ok {
		c := *re
		c.msg = s.Text(re.msg)
		c.marks = append([]error(nil), re.marks...)
		for i, m := range c.marks {
			if se, ok := m.(*StatusError); ok {
				cp := *se
				cp.Message = s.Message(se.Message, maxMessageLen)
				c.marks[i] = &cp
			}
		}
		return &c
	}
	re := &redactedError{msg: s.Text(safeText(err)), timeout: safeTimeout(err),
		is: func(target error) bool { return safeIs(err, target) }}
	re.permanent = safePermanent(err)
	for _, c := range codes {
		if safeIs(err, c.err) {
			re.marks = append(re.marks, c.err)
		}
	}
	for _, c := range stdConditions {
		if safeIs(err, c) {
			re.marks = append(re.marks, c)
		}
	}
	var se *StatusError
	if safeAs(err, &se) && se != nil {
		cp := *se
		cp.Message = s.Message(se.Message, maxMessageLen)
		re.marks = append(re.marks, &cp)
	}
	re.marks = append(re.marks, platformMarks(err, s)...)
	return re
}
