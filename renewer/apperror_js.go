//go:build js

package renewer

// platformMarks returns nothing: the browser's transport has no error
// type of its own for errors.As.
func platformMarks(error, scrubber) []error { return nil }
