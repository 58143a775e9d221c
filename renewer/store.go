package renewer

import "context"

// A Store keeps the current token across restarts, so that an app that
// starts again reuses a still-valid token with no round trip. Desktop apps
// use FileStore; mobile apps implement it on the Keychain or the Android
// Keystore.
//
// Its methods are called one at a time, never overlapping, with no lock
// held: Load on the goroutine that calls Start, Save on a goroutine of the
// renewer's after each new token. They may call any method of the Renewer.
// Stop does not wait for a Save in progress (Done does); Save's ctx ends
// after Config.RequestTimeout.
type Store interface {
	// Load returns the stored token, or a zero Token and nil if none is.
	Load(ctx context.Context) (Token, error)
	// Save replaces the stored token.
	Save(ctx context.Context, tok Token) error
}
