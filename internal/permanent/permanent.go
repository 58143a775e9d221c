// Package permanent marks an error that retrying will not cure. The engine
// and the HTTP source share the mark: renewer.Permanent and
// renewer.IsPermanent are Mark and Marked, with the rules of the renewer's
// own conditions added.
package permanent

import "errors"

// markedError is an error marked as permanent.
type markedError struct{ err error }

func (e *markedError) Error() string { return e.err.Error() }
func (e *markedError) Unwrap() error { return e.err }

// Mark wraps err so that it reads and matches as err but is permanent; a
// nil err stays nil.
func Mark(err error) error {
	if err == nil {
		return nil
	}
	return &markedError{err}
}

// Marked reports whether err's chain holds an error made by Mark. It
// calls err's methods: an error the renewer did not make is read through
// a guard (see renewer's apperror.go).
func Marked(err error) bool {
	var m *markedError
	return errors.As(err, &m)
}
