package renewer

import "context"

// A Store keeps the current token across restarts, so that an app that
// starts again reuses a still-valid token with no round trip. Desktop apps
// use FileStore; mobile apps implement it on the Keychain or the Android
// Keystore.
//
// A token belongs to one identity: everything that makes two fetches
// answer for different users (see Config.Store). key is a keyed hash of it,
// and holds no secret: "tokenrenew-v2-" and 64 hex digits. Load must return
// a token only if it was saved under the same key: a Store that keeps one
// token keeps its key beside it and answers Load for any other key with no
// token, so that one user's token is never handed to another, nor a token
// for one channel used for the next. A Store that also keeps a random key
// of its own for that hash is a KeyedStore, as FileStore is.
//
// Its methods are called one at a time, never overlapping, with no lock
// held: Load (and a KeyedStore's HashKey) on the goroutine that calls
// Start, Save on a goroutine of the renewer's after each new token. They
// may call any method of the Renewer. None begins after Stop returns; Stop
// does not wait for a call in progress, Done does (Start's Load included),
// and a Save that fails after Stop is neither reported nor logged. Save's
// ctx ends after Config.RequestTimeout.
type Store interface {
	// Load returns the token stored under key, or a zero Token and nil if
	// there is none.
	Load(ctx context.Context, key string) (Token, error)
	// Save replaces the stored token with tok, under key. Token.Extra is
	// part of the token: keep every field, Secret values as secrets.
	Save(ctx context.Context, key string, tok Token) error
}
