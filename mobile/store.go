package mobile

import (
	"context"
	"encoding/json"
	"fmt"
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
//
// Keep every field of the StoredToken that Save is given and give them all
// back from Load: Key names the identity the token was fetched for (the
// token server and what the request says; no secret), and a token whose
// Key does not match the renewer's configuration is not used, so one
// user's or channel's token is never handed to another.
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
	// Key names the identity the token was fetched for. It holds no
	// secret.
	Key string
	// ExtraJSON holds the other fields the profile returned, as a JSON
	// object (Room Service's user and resources, say), or "".
	ExtraJSON string
	// SecretsJSON holds the secret fields the profile returned (the RTM
	// token of an Agora "rte" answer), as a JSON object of strings, or "".
	// Keep it in secure storage, as Value.
	SecretsJSON string
}

// NewStoredToken returns a StoredToken: a Store's Load builds its answer
// with it (in Kotlin and Swift it is StoredToken's constructor).
func NewStoredToken(value string, expiresAtMs, issuedAtMs int64) *StoredToken {
	return &StoredToken{Value: value, ExpiresAtMs: expiresAtMs, IssuedAtMs: issuedAtMs}
}

// String describes the token without its value or secrets, with every
// fmt verb but %#v (see GoString): a StoredToken value and a pointer both
// have it.
func (t StoredToken) String() string { return "Stored" + t.token().String() }

// GoString is String, so that %#v prints no secret either.
func (t StoredToken) GoString() string { return "mobile." + t.String() }

// Format implements fmt.Formatter: every verb prints String. (Go only:
// the Java and Swift bindings have String.)
func (t StoredToken) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(t.String())) }

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
	var extra map[string]any
	var secrets map[string]string
	if t.ExtraJSON != "" && json.Unmarshal([]byte(t.ExtraJSON), &extra) == nil {
		tok.Extra = extra
	}
	if t.SecretsJSON != "" && json.Unmarshal([]byte(t.SecretsJSON), &secrets) == nil && len(secrets) > 0 {
		if tok.Extra == nil {
			tok.Extra = make(map[string]any, len(secrets))
		}
		for k, v := range secrets {
			tok.Extra[k] = renewer.Secret(v)
		}
	}
	return tok
}

// storedToken converts tok, kept under key, to a StoredToken: Secret
// extras go to SecretsJSON as themselves, the others to ExtraJSON.
func storedToken(key string, tok renewer.Token) *StoredToken {
	st := &StoredToken{Value: tok.Value, ExpiresAtMs: unixMs(tok.ExpiresAt), IssuedAtMs: unixMs(tok.IssuedAt), Key: key}
	extra, secrets := map[string]any{}, map[string]string{}
	for k, v := range tok.Extra {
		if sec, ok := v.(renewer.Secret); ok {
			secrets[k] = string(sec)
		} else {
			extra[k] = v
		}
	}
	if len(extra) > 0 {
		if b, err := json.Marshal(extra); err == nil {
			st.ExtraJSON = string(b)
		}
	}
	if len(secrets) > 0 {
		if b, err := json.Marshal(secrets); err == nil {
			st.SecretsJSON = string(b)
		}
	}
	return st
}

// unixMs returns t in Unix milliseconds, or 0 for the zero time.
func unixMs(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// storeAdapter makes a Store a renewer.Store; see callApp. What the Store
// throws reaches the renewer with the secrets red knows removed.
type storeAdapter struct {
	s   Store
	red *redactor
}

// Load returns the app's stored token if it was stored under key.
func (a storeAdapter) Load(ctx context.Context, key string) (renewer.Token, error) {
	var st *StoredToken
	err := callApp("Store.Load", ErrorCodeStore, a.red.with(), func() (err error) {
		st, err = a.s.Load()
		return err
	})
	if err != nil || st == nil || st.Key != key {
		return renewer.Token{}, err
	}
	return st.token(), nil
}

func (a storeAdapter) Save(ctx context.Context, key string, tok renewer.Token) error {
	st := storedToken(key, tok)
	return callApp("Store.Save", ErrorCodeStore, a.red.with(tok), func() error { return a.s.Save(st) })
}
