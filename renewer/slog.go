//go:build !js

package renewer

import "log/slog"

// slog redaction, in native builds only: the browser build does not link
// log/slog. There, Token, Config, Grant, Request, Response and Secret still
// format redacted with fmt and marshal redacted to JSON.

var (
	_ slog.LogValuer = Token{}
	_ slog.LogValuer = Config{}
	_ slog.LogValuer = Grant{}
	_ slog.LogValuer = Request{}
	_ slog.LogValuer = Response{}
	_ slog.LogValuer = Secret("")
	_ Logger         = (*slog.Logger)(nil)
)

// LogValue implements slog.LogValuer: the value is replaced by its length.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("value", "REDACTED"),
		slog.Int("len", len(t.Value)),
		slog.Time("expires_at", t.ExpiresAt),
		slog.String("expiry_source", t.ExpirySource.String()),
	)
}

// LogValue implements slog.LogValuer with String.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// LogValue implements slog.LogValuer with String.
func (g Grant) LogValue() slog.Value { return slog.StringValue(g.String()) }

// LogValue implements slog.LogValuer with String.
func (r Request) LogValue() slog.Value { return slog.StringValue(r.String()) }

// LogValue implements slog.LogValuer with String.
func (r Response) LogValue() slog.Value { return slog.StringValue(r.String()) }

// LogValue implements slog.LogValuer: the secret is replaced by "REDACTED".
func (Secret) LogValue() slog.Value { return slog.StringValue("REDACTED") }

// loggerOrNil returns nil for a nil *slog.Logger stored in a Logger, which
// is not itself nil and would panic when used.
func loggerOrNil(l Logger) Logger {
	if sl, ok := l.(*slog.Logger); ok && sl == nil {
		return nil
	}
	return l
}
