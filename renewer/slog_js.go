//go:build js

package renewer

// loggerOrNil returns l: the browser build does not link log/slog, so no
// nil *slog.Logger can hide in l.
func loggerOrNil(l Logger) Logger { return l }
