package renewer

import "context"

// A Store keeps the current token across restarts, so that an app that
// starts again reuses a still-valid token with no round trip. Desktop apps
// use FileStore; mobile apps implement it on the Keychain or the Android
// Keystore. Methods are called from the renewer's goroutines, one at a time.
type Store interface {
	// Load returns the stored token, or a zero Token and nil if none is.
	Load(ctx context.Context) (Token, error)
	// Save replaces the stored token.
	Save(ctx context.Context, tok Token) error
}
