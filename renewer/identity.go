package renewer

import (
	"context"
	"encoding/hex"
	"errors"
	"strconv"

	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
)

// A token belongs to one identity: everything that makes two fetches
// answer for different users. The Store key is a keyed hash of it, so that
// one user's stored token is never handed to another, and the key (which a
// Store keeps in clear beside the token) reveals none of it.

// An Identifier says whose tokens it stands for. A Source implements it
// so that its tokens are stored under a key of their own; a Profile, to add
// what it reads from an answer (the JSON profile's token field) to what its
// request says.
//
// Identity returns everything that makes this source's tokens another
// user's than those of a source that returns something else: the request
// (URL with its query, method, body), every header name and value (a
// cookie, an Authorization), and what is read from the answer. Its parts
// may be secrets: the renewer only ever hashes them, under a key the Store
// keeps (see KeyedStore), and never logs, stores or returns them. It is
// called only with a Store, by Start, on the goroutine that calls Start,
// with no lock held; a Fetch that a Token call made meanwhile started may
// be running, so it must be safe for concurrent use with Fetch. It must
// return the same parts for the same configuration in every run. If it
// panics, the panic is reported (ErrPanic) and the run neither loads from
// the Store nor saves to it.
type Identifier interface {
	Identity() []string
}

// A TokenChecker is a Source that can tell from a token it did not fetch
// (Config.Seed, or the Store's token) whether it was minted for the
// source's identity. CheckToken returns an error matching ErrWrongIdentity
// for a token minted for another: New refuses such a seed, and Start drops
// such a stored token and reports it. It is called with no lock held, on
// the goroutine that calls New (for the seed) or Start (for the token the
// Store loaded, never after Stop has returned); a panic in it is an error
// matching ErrPanic. In Start a Fetch that a Token call made
// meanwhile started may be running: it must be safe for concurrent use
// with Fetch.
type TokenChecker interface {
	CheckToken(tok Token) error
}

// An IdentityChecker is a Profile that can tell from what a token says of
// itself whether it was minted for the identity the profile asks for: an
// Agora token names its channel, uid and service. The HTTP source asks it
// about a seed and a stored token (see TokenChecker); CheckIdentity returns
// an error matching ErrWrongIdentity for those.
type IdentityChecker interface {
	CheckIdentity(info tokeninfo.Info) error
}

// A KeyedStore is a Store that keeps a random key of its own, under which
// the renewer hashes the identity (HMAC-SHA256) into the Store key.
// FileStore keeps it in its file; the mobile Store keeps it among the
// stored token's secrets. A Store that is not a KeyedStore gets keys
// hashed under a fixed key: they keep identities apart all the same, but
// whoever reads that Store could test a guessed header value or user id
// against them.
//
// HashKey is called by Start, before Load, on the goroutine that calls
// Start, with no lock held, and never overlaps another call of the Store.
// When it fails, or gives fewer than 32 bytes, the error is reported
// (ErrStore) and the run neither loads from the Store nor saves to it.
type KeyedStore interface {
	Store
	// HashKey returns the store's key: at least 32 random bytes, made on
	// first use and the same on every later call, in this run and the
	// next. It is a secret, as a token is.
	HashKey(ctx context.Context) ([]byte, error)
}

// fixedHashKey keys the hash for a Store that keeps no key of its own.
const fixedHashKey = "tokenrenew: the Store keeps no key of its own"

// errShortHashKey reports a KeyedStore whose key is too short to key a
// hash that must resist guessing.
var errShortHashKey = errors.New("renewer: the Store's hash key is shorter than 32 bytes")

// NewHashKey returns a new random key for a KeyedStore to keep: 32 bytes
// from the platform's cryptographic random source.
func NewHashKey() []byte {
	k := make([]byte, 32)
	randomBytes(k)
	return k
}

// storeKey returns the Store key of the identity of src, configured with
// Config.StoreKey name and Config.Identity identity, hashed under hashKey:
// "tokenrenew-v2-" and 64 hex digits. Every custom Source that is not an
// Identifier shares one source identity; name and identity still tell
// them apart.
func storeKey(hashKey []byte, src Source, name, identity string) string {
	var parts []string
	if id, ok := src.(Identifier); ok {
		parts = append(parts, "source")
		parts = append(parts, id.Identity()...)
	} else {
		parts = append(parts, "custom source")
	}
	parts = append(parts, "store key", name, "identity", identity)
	return "tokenrenew-v2-" + hex.EncodeToString(identityHash(hashKey, parts))
}

// identityHash returns HMAC-SHA256 under key of parts, each prefixed with
// its length, so that no two lists of parts hash alike.
func identityHash(key []byte, parts []string) []byte {
	var msg []byte
	for _, p := range parts {
		msg = strconv.AppendInt(msg, int64(len(p)), 10)
		msg = append(msg, ':')
		msg = append(msg, p...)
	}
	return hmacSHA256(key, msg)
}

// hashKey returns the Store's hash key: a KeyedStore's, at least 32
// bytes, or fixedHashKey. It calls the Store.
func (st *storeState) hashKey(ctx context.Context) ([]byte, error) {
	ks, ok := st.s.(KeyedStore)
	if !ok {
		return []byte(fixedHashKey), nil
	}
	k, err := ks.HashKey(ctx)
	if err == nil && len(k) < 32 {
		err = errShortHashKey
	}
	return k, err
}

// makeKey sets st.key to the Store key of the Source's identity under the
// Store's hash key, holding st.sem. The hash key is the Store's to give,
// and its failure or panic is a Store error; the identity is the Source's
// (see Identifier), and its panic is the Source's, an ErrPanic naming
// Identity. When either fails, st.key stays empty and the run neither
// reads nor writes the Store; the error says why.
func (r *Renewer) makeKey(ctx context.Context, st *storeState) error {
	var hashKey []byte
	if err := r.storeCall(func() (err error) { hashKey, err = st.hashKey(ctx); return err }); err != nil {
		return err
	}
	var key string
	if err := appCall("Identifier.Identity", func() error {
		key = storeKey(hashKey, r.src, st.storeKey, st.identity)
		return nil
	}); err != nil {
		return r.Redact(err)
	}
	st.key = key
	return nil
}
