//go:build !js

package renewer

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
)

// maxStoreFile bounds the file FileStore reads: a token, its extras and
// their secrets fit with room to spare.
const maxStoreFile = 4 * (MaxTokenLen + MaxBodySize)

// errCorruptStore reports a store file that is not one FileStore wrote.
var errCorruptStore = errors.New("not a stored token")

// FileStore is a Store in one file, written with mode 0600 and replaced
// atomically (a temporary file renamed over it). It keeps one token, the
// key it was saved under, and the hash key of its Store keys (it is a
// KeyedStore); Load for another key finds no token. Every Secret of
// Token.Extra, at any depth of its maps and slices, is kept as itself.
//
// Load reads at most a few hundred KiB and refuses anything but a regular
// file (a FIFO, a device, a link to one), so a path that was tampered with
// cannot hang Start or exhaust memory.
type FileStore struct {
	// Path is the file's path; its directory must exist.
	Path string
}

// storedToken is the file's JSON form. Secret values of Extra are kept in
// Secrets, as themselves, by JSON Pointer; the rest of Extra in Extra.
// HashKey is the store's hash key, in hex.
type storedToken struct {
	HashKey      string            `json:"hash_key,omitempty"`
	Key          string            `json:"key,omitempty"`
	Value        string            `json:"value,omitempty"`
	ExpiresAt    time.Time         `json:"expires_at"`
	IssuedAt     time.Time         `json:"issued_at"`
	ExpirySource uint8             `json:"expiry_source,omitempty"`
	Extra        map[string]any    `json:"extra,omitempty"`
	Secrets      map[string]string `json:"secrets,omitempty"`
}

// HashKey returns the hash key kept in the file. A file with none (a
// missing file, or one an older version wrote) is given one: the file is
// written with the new key and no token.
func (s FileStore) HashKey(ctx context.Context) ([]byte, error) {
	st, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	if k, err := hex.DecodeString(st.HashKey); err == nil && len(k) >= 32 {
		return k, nil
	}
	k := NewHashKey()
	return k, s.write(ctx, storedToken{HashKey: hex.EncodeToString(k)})
}

// Load reads the file; a missing file, or one saved under another key, is
// no token.
func (s FileStore) Load(ctx context.Context, key string) (Token, error) {
	st, err := s.read(ctx)
	if err != nil || st.Key != key || st.Value == "" {
		return Token{}, err // none, or another identity's token
	}
	return Token{Value: st.Value, ExpiresAt: st.ExpiresAt, IssuedAt: st.IssuedAt,
		ExpirySource: ExpirySource(st.ExpirySource), Extra: restoreSecrets(st.Extra, st.Secrets)}, nil
}

// read reads and decodes the file; a missing file is an empty one.
func (s FileStore) read(ctx context.Context) (storedToken, error) {
	var st storedToken
	if err := ctx.Err(); err != nil {
		return st, err
	}
	b, err := readRegular(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return storedToken{}, errtext.Prefix("renewer: "+s.Path, errCorruptStore)
	}
	return st, nil
}

// readRegular reads the regular file at path, at most maxStoreFile bytes.
// It opens without blocking, so that a FIFO cannot hold it, and refuses
// what is not a regular file before reading.
func readRegular(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errtext.Prefix("renewer: "+path, errors.New("not a regular file"))
	}
	if fi.Size() > maxStoreFile {
		return nil, errtext.Prefix("renewer: "+path, errors.New("larger than a stored token can be"))
	}
	b, err := io.ReadAll(io.LimitReader(f, maxStoreFile+1))
	if err == nil && len(b) > maxStoreFile {
		err = errtext.Prefix("renewer: "+path, errors.New("larger than a stored token can be"))
	}
	return b, err
}

// Save writes tok under key, with the file's hash key, to a temporary file
// beside Path and renames it over Path. Its errors name Path, not the
// temporary file.
func (s FileStore) Save(ctx context.Context, key string, tok Token) error {
	st := storedToken{Key: key, Value: tok.Value, ExpiresAt: tok.ExpiresAt.UTC(), IssuedAt: tok.IssuedAt.UTC(),
		ExpirySource: uint8(tok.ExpirySource)}
	st.Extra, st.Secrets = splitSecrets(tok.Extra)
	// The file's hash key stays. A file that has none (or cannot be read)
	// gets a new one, and key is then one no later Start makes: the token
	// is not reused, as it must not be.
	old, err := s.read(ctx)
	if err != nil || old.HashKey == "" {
		old.HashKey = hex.EncodeToString(NewHashKey())
	}
	st.HashKey = old.HashKey
	return s.write(ctx, st)
}

// write writes st to a temporary file beside Path and renames it over
// Path. Its errors name Path, not the temporary file.
func (s FileStore) write(ctx context.Context, st storedToken) error {
	err := s.writeFile(ctx, st)
	if err == nil || err == ctx.Err() {
		return err
	}
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		err = &fs.PathError{Op: pe.Op, Path: s.Path, Err: pe.Err}
	} else if le := (*os.LinkError)(nil); errors.As(err, &le) {
		err = &fs.PathError{Op: le.Op, Path: s.Path, Err: le.Err}
	}
	return errtext.Prefix("renewer: saving token", err)
}

func (s FileStore) writeFile(ctx context.Context, st storedToken) error {
	b, err := json.Marshal(st)
	if err != nil {
		return errtext.Prefix("encoding token", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(s.Path), "."+filepath.Base(s.Path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename this fails harmlessly
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, s.Path)
}
