// Package errtext builds error text without fmt, which the browser build
// does without, and reads the text of values the app made without trusting
// their methods. The renewer, its profiles and its faces share it.
//
// Wrap, Prefix and Pair (errtext.go) add words to an error or join two, so
// that errors.Is and errors.As still see what they wrap. ErrorText and
// PanicText (safe.go) read an app's error or panic value, whose methods may
// panic.
package errtext

// textError is err with words before or after its text; errors.Is and
// errors.As see err. It stands in for fmt.Errorf's %w, which the browser
// build does without.
type textError struct {
	prefix string
	err    error
	suffix string
}

func (e *textError) Error() string { return e.prefix + e.err.Error() + e.suffix }
func (e *textError) Unwrap() error { return e.err }

// Wrap returns an error reading "<err>: <msg>" that wraps err.
func Wrap(err error, msg string) error { return &textError{err: err, suffix: ": " + msg} }

// Prefix returns an error reading "<msg>: <err>" that wraps err.
func Prefix(msg string, err error) error { return &textError{prefix: msg + ": ", err: err} }

// Pair returns an error reading "<first> (<second>)" that wraps both.
func Pair(first, second error) error { return &pairError{first, second} }

type pairError struct{ first, second error }

func (e *pairError) Error() string   { return e.first.Error() + " (" + e.second.Error() + ")" }
func (e *pairError) Unwrap() []error { return []error{e.first, e.second} }
