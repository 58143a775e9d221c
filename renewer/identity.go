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
// return the same parts for the same configuration in every run.
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

// makeKey sets st.key to the Store key of src's identity, under the
// Store's hash key. When the Store cannot give its hash key, the key is
// one no Store holds a token under (a random hash key, forgotten): the
// run neither reads nor reuses a stored token, and the error says why.
func (st *storeState) makeKey(ctx context.Context, src Source) error {
	var hashKey []byte
	var err error
	if ks, ok := st.s.(KeyedStore); ok {
		hashKey, err = ks.HashKey(ctx)
		if err == nil && len(hashKey) < 32 {
			err = errShortHashKey
		}
	} else {
		hashKey = []byte(fixedHashKey)
	}
	if err != nil {
		hashKey = NewHashKey()
	}
	st.key = storeKey(hashKey, src, st.storeKey, st.identity)
	return err
}
