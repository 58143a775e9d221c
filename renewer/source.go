package renewer

import "context"

// A Source fetches a new token. Fetch is called on a goroutine of the
// renewer's, one call at a time, with no lock held, and must honour ctx:
// Stop cancels it and does not wait for it (Done does), and callers waiting
// for it fail with ErrStopped at once. No Fetch begins after Stop returns.
// It returns a Token with at least Value set; a zero ExpiresAt is filled in
// from the token itself or Config.FallbackTTL. Wrap errors that retrying
// cannot cure with Permanent. An error (or panic) may quote the current
// token: the renewer redacts it, with the token a fetch replaces, before it
// records, logs, reports or returns the error, and keeps a scrubbed copy,
// not the error itself (see Renewer.Redact): errors.Is still matches the
// renewer's conditions and the app's own sentinels, errors.As finds a
// *StatusError's copy but no type of the app's. An error or panic value
// whose methods panic crashes nothing.
//
// Fetch may call any method of the Renewer, and so may the Error, Is and As
// methods of the error it returns: the renewer calls them with no lock held.
// Token, given Fetch's ctx (or a context derived from it), returns the
// current token while it is valid, and otherwise fails with ErrReentrant
// rather than wait for the very fetch that is calling it; so does Refresh. A
// server that renews with the old token is better served by HeldFetcher,
// which is given it even when it has expired or the app rejected it.
//
// The renewer knows a Source through this interface and the optional ones it
// may implement, which the HTTP source implements too: Identifier (the Store
// key), TokenChecker (a seed's or stored token's identity), SecretHolder
// (the secrets to scrub) and HeldFetcher (the token a fetch replaces).
type Source interface {
	Fetch(ctx context.Context) (Token, error)
}

// SourceFunc adapts a function to a Source.
type SourceFunc func(ctx context.Context) (Token, error)

// Fetch calls f(ctx).
func (f SourceFunc) Fetch(ctx context.Context) (Token, error) { return f(ctx) }

// A SecretHolder is a Source that holds secrets of its own: an API key or
// a password it sends, a cookie, any credential a server might echo in an
// error. The renewer scrubs each (with its pieces between spaces, commas,
// semicolons and equals signs, and its URL-query, Go-quoted and JSON
// escapes) from every error it records, logs, reports or returns, as it
// scrubs the token (see Renewer.Redact); values shorter than four bytes
// are not scrubbed. The HTTP source's secrets are its header values and
// its URL's password and query values.
//
// Secrets is called whenever the renewer redacts an error, from any
// goroutine (see Renewer.Redact), with no lock held: it must be safe for
// concurrent use, and should be cheap. The renewer keeps no copy of what
// it returns, and does not modify it. If Secrets panics, the text of the
// error being redacted is withheld whole.
type SecretHolder interface {
	Secrets() []string
}

// A HeldFetcher is a Source that is told which token a fetch is to
// replace: a server that renews with the old token wants it, and the HTTP
// source scrubs it from what the server says. The renewer calls
// FetchHeld, not Fetch, on a Source that implements it, under Fetch's
// contract. held is the token the renewer held when the fetch started, or
// the one the app just rejected (see Renewer.Invalidate), or the zero
// Token when there is none. It is a secret, as every token is.
type HeldFetcher interface {
	FetchHeld(ctx context.Context, held Token) (Token, error)
}
