package renewer

import "context"

// A Source fetches a new token. Fetch is called by one goroutine at a time
// and must honour ctx. It returns a Token with at least Value set; a zero
// ExpiresAt is filled in from the token itself or Config.FallbackTTL. Wrap
// errors that retrying cannot cure with Permanent.
type Source interface {
	Fetch(ctx context.Context) (Token, error)
}

// SourceFunc adapts a function to a Source.
type SourceFunc func(ctx context.Context) (Token, error)

// Fetch calls f(ctx).
func (f SourceFunc) Fetch(ctx context.Context) (Token, error) { return f(ctx) }
