package mobile

import (
	"context"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// A Store keeps the current token across app restarts, so that an app
// started again reuses a still-valid token with no round trip. Implement it
// on secure storage: the iOS Keychain, or preferences encrypted with an
// Android Keystore key.
//
// Its methods are called on a Go thread, one at a time: Load once by Start,
// Save after every renewal. They should return quickly.
type Store interface {
	// Load returns the stored token, or nil (or a token with an empty
	// value) when none is stored.
	Load() (*StoredToken, error)
	// Save replaces the stored token.
	Save(token *StoredToken) error
}

// A StoredToken is a token and its lifetime as a Store keeps it. Value is a
// secret: keep it in secure storage only.
type StoredToken struct {
	// Value is the token itself.
	Value string
	// ExpiresAtMs is when it expires, in Unix milliseconds.
	ExpiresAtMs int64
	// IssuedAtMs is when it was issued or received, in Unix milliseconds,
	// or 0 if unknown.
	IssuedAtMs int64
}

// NewStoredToken returns a StoredToken: a Store's Load builds its answer
// with it (in Kotlin and Swift it is StoredToken's constructor).
func NewStoredToken(value string, expiresAtMs, issuedAtMs int64) *StoredToken {
	return &StoredToken{Value: value, ExpiresAtMs: expiresAtMs, IssuedAtMs: issuedAtMs}
}

// String describes the token without its value.
func (t *StoredToken) String() string {
	if t == nil {
		return "StoredToken(none)"
	}
	return t.token().String()
}

// token converts t to a renewer.Token.
func (t *StoredToken) token() renewer.Token {
	if t == nil || t.Value == "" {
		return renewer.Token{}
	}
	tok := renewer.Token{Value: t.Value}
	if t.ExpiresAtMs != 0 {
		tok.ExpiresAt = time.UnixMilli(t.ExpiresAtMs)
	}
	if t.IssuedAtMs != 0 {
		tok.IssuedAt = time.UnixMilli(t.IssuedAtMs)
	}
	return tok
}

// unixMs returns t in Unix milliseconds, or 0 for the zero time.
func unixMs(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// storeAdapter makes a Store a renewer.Store; see callApp.
type storeAdapter struct{ s Store }

func (a storeAdapter) Load(ctx context.Context) (renewer.Token, error) {
	var st *StoredToken
	err := callApp("Store.Load", ErrorCodeStore, func() (err error) {
		st, err = a.s.Load()
		return err
	})
	if err != nil {
		return renewer.Token{}, err
	}
	return st.token(), nil
}

func (a storeAdapter) Save(ctx context.Context, tok renewer.Token) error {
	st := &StoredToken{Value: tok.Value, ExpiresAtMs: unixMs(tok.ExpiresAt), IssuedAtMs: unixMs(tok.IssuedAt)}
	return callApp("Store.Save", ErrorCodeStore, func() error { return a.s.Save(st) })
}
