package mobile

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// A Store keeps the current token across app restarts, so that an app
// started again reuses a still-valid token with no round trip. Implement it
// on secure storage: the iOS Keychain, or preferences encrypted with an
// Android Keystore key.
//
// Its methods are called on a Go thread, one at a time: Load once, on the
// thread Start starts (never the thread that called Start, which does not
// wait for it), Save after every renewal. They should return quickly: Token
// waits for Load.
//
// Keep every field of the StoredToken that Save is given and give them all
// back from Load: Key names the identity the token was fetched for, and a
// token whose Key does not match the renewer's configuration is not used,
// so one user's or channel's token is never handed to another. Key is a
// keyed hash (HMAC-SHA256) of everything that makes two fetches answer for
// different users (the URL, the profile's request and what it reads, every
// AddHeader name and value, SetIdentity); it reveals none of them. Its
// random key is kept for you in SecretsJSON, under "tokenrenew.hashKey":
// a Store that keeps SecretsJSON, as it must, needs no crypto of its own.
// One that loses it only loses the stored token: the next start fetches.
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
	// token of an Agora "rte" answer) and the key of Key's hash
	// ("tokenrenew.hashKey"), as a JSON object of strings, or "". Keep it
	// in secure storage, as Value.
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
	if t.SecretsJSON != "" && json.Unmarshal([]byte(t.SecretsJSON), &secrets) == nil && len(secrets) > 0 &&
		(len(secrets) > 1 || secrets[hashKeyName] == "") {
		if tok.Extra == nil {
			tok.Extra = make(map[string]any, len(secrets))
		}
		for k, v := range secrets {
			if k != hashKeyName {
				tok.Extra[k] = renewer.Secret(v)
			}
		}
	}
	return tok
}

// hashKeyName is the name the Store's hash key is kept under in
// SecretsJSON; no profile gives an extra this name.
const hashKeyName = "tokenrenew.hashKey"

// setHashKey keeps k in t's SecretsJSON, in hex.
func (t *StoredToken) setHashKey(k []byte) {
	secrets := map[string]string{}
	if t.SecretsJSON != "" {
		_ = json.Unmarshal([]byte(t.SecretsJSON), &secrets) // storedToken wrote it
	}
	secrets[hashKeyName] = hex.EncodeToString(k)
	b, _ := json.Marshal(secrets) // strings only: never fails
	t.SecretsJSON = string(b)
}

// hashKey returns the hash key kept in t's SecretsJSON, or nil.
func (t *StoredToken) hashKey() []byte {
	var secrets map[string]string
	if t == nil || t.SecretsJSON == "" || json.Unmarshal([]byte(t.SecretsJSON), &secrets) != nil {
		return nil
	}
	k, err := hex.DecodeString(secrets[hashKeyName])
	if err != nil || len(k) < 32 {
		return nil
	}
	return k
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

// storeAdapter makes a Store a renewer.KeyedStore; see callApp. What the
// Store throws reaches the renewer with the secrets red knows removed.
type storeAdapter struct {
	s    Store
	red  *redactor
	memo *storeMemo // nil: every Load asks the Store, and no hash key is kept
}

// storeMemo is what the adapter learned from the app's Store. The renewer
// calls a Store's methods one at a time (HashKey and Load on Start's
// goroutine, then Save on its own), each after the last has returned.
type storeMemo struct {
	mu      sync.Mutex
	loaded  bool
	tok     *StoredToken // what the Store's Load gave, once loaded
	hashKey []byte       // kept with every Save
}

// load returns the app's stored token, asking the Store once per renewer:
// HashKey and then Load both read it.
func (a storeAdapter) load() (*StoredToken, error) {
	if a.memo != nil {
		a.memo.mu.Lock()
		defer a.memo.mu.Unlock()
		if a.memo.loaded {
			return a.memo.tok, nil
		}
	}
	var st *StoredToken
	err := callApp("Store.Load", ErrorCodeStore, a.red.with(), func() (err error) {
		st, err = a.s.Load()
		return err
	})
	if err == nil && a.memo != nil {
		a.memo.loaded, a.memo.tok = true, st
	}
	return st, err
}

// HashKey returns the key kept in the stored token's SecretsJSON, or a new
// one, which the next Save keeps there.
func (a storeAdapter) HashKey(ctx context.Context) ([]byte, error) {
	st, err := a.load()
	if err != nil {
		return nil, err
	}
	k := st.hashKey()
	if k == nil {
		k = renewer.NewHashKey()
	}
	if a.memo != nil {
		a.memo.mu.Lock()
		a.memo.hashKey = k
		a.memo.mu.Unlock()
	}
	return k, nil
}

// Load returns the app's stored token if it was stored under key.
func (a storeAdapter) Load(ctx context.Context, key string) (renewer.Token, error) {
	st, err := a.load()
	if err != nil || st == nil || st.Key != key {
		return renewer.Token{}, err
	}
	return st.token(), nil
}

// Save gives the Store tok, under key, with the hash key.
func (a storeAdapter) Save(ctx context.Context, key string, tok renewer.Token) error {
	var k []byte
	if a.memo != nil {
		a.memo.mu.Lock()
		k = a.memo.hashKey
		a.memo.mu.Unlock()
	}
	st := storedToken(key, tok)
	red := a.red.with(tok)
	if k != nil {
		st.setHashKey(k)
		// The hash key is a secret too: a Store that throws quoting its
		// SecretsJSON reveals it to no one.
		red = a.red.with(tok, renewer.Token{Value: hex.EncodeToString(k)})
	}
	return callApp("Store.Save", ErrorCodeStore, red, func() error { return a.s.Save(st) })
}
