//go:build !js

package renewer

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// FileStore is a Store in one file, written with mode 0600 and replaced
// atomically (a temporary file renamed over it).
type FileStore struct {
	// Path is the file's path; its directory must exist.
	Path string
}

// storedToken is the file's JSON form.
type storedToken struct {
	Value        string         `json:"value"`
	ExpiresAt    time.Time      `json:"expires_at"`
	IssuedAt     time.Time      `json:"issued_at"`
	ExpirySource uint8          `json:"expiry_source"`
	Extra        map[string]any `json:"extra,omitempty"`
}

// Load reads the file; a missing file is no token.
func (s FileStore) Load(ctx context.Context) (Token, error) {
	b, err := os.ReadFile(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return Token{}, nil
	}
	if err != nil {
		return Token{}, err
	}
	var st storedToken
	if err := json.Unmarshal(b, &st); err != nil {
		return Token{}, prefixError("renewer: token file "+s.Path, ErrMalformedResponse)
	}
	return Token{Value: st.Value, ExpiresAt: st.ExpiresAt, IssuedAt: st.IssuedAt,
		ExpirySource: ExpirySource(st.ExpirySource), Extra: st.Extra}, nil
}

// Save writes tok to a temporary file beside Path and renames it over Path.
func (s FileStore) Save(ctx context.Context, tok Token) error {
	b, err := json.Marshal(storedToken{Value: tok.Value, ExpiresAt: tok.ExpiresAt.UTC(), IssuedAt: tok.IssuedAt.UTC(),
		ExpirySource: uint8(tok.ExpirySource), Extra: tok.Extra})
	if err != nil {
		return prefixError("renewer: encoding token", err)
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
