//go:build !js

package renewer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestFileStoreRoundTripWithMode0600(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	s := FileStore{Path: path}
	if tok, err := s.Load(context.Background(), "k"); err != nil || tok.Value != "" {
		t.Fatalf("Load of a missing file = %v, %v; want no token", tok, err)
	}
	want := Token{Value: "v1", IssuedAt: time.Unix(100, 0).UTC(), ExpiresAt: time.Unix(200, 0).UTC(), ExpirySource: ExpiryToken,
		Extra: map[string]any{"user": "u"}}
	if err := s.Save(context.Background(), "k", want); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(context.Background(), "k", want); err != nil { // replaces
		t.Fatal(err)
	}
	got, err := s.Load(context.Background(), "k")
	if err != nil || got.Value != want.Value || !got.ExpiresAt.Equal(want.ExpiresAt) || !got.IssuedAt.Equal(want.IssuedAt) ||
		got.ExpirySource != ExpiryToken || got.Extra["user"] != "u" {
		t.Errorf("Load = %#v, %v; want %#v", got, err, want)
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(path)
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("mode %v; want 0600", fi.Mode().Perm())
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("%d files beside the store; want no temporary file left", len(entries))
	}
	os.WriteFile(path, []byte("{"), 0o600)
	if _, err := s.Load(context.Background(), "k"); err == nil || err.Error() != "renewer: "+path+": not a stored token" {
		t.Errorf("Load of a corrupt file = %v; want one prefix and the path", err)
	}
	missing := filepath.Join(t.TempDir(), "missing", "t.json")
	err = FileStore{Path: missing}.Save(context.Background(), "k", want)
	if !errors.Is(err, os.ErrNotExist) || err.Error() != "renewer: saving token: open "+missing+": no such file or directory" {
		t.Errorf("Save into a missing directory = %v; want ErrNotExist, naming Path with one prefix", err)
	}
}

func TestStoredTokenIsReusedWithoutARoundTrip(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		store := FileStore{Path: filepath.Join(dir, "t.json")}
		src := newFakeSource(time.Hour)
		r := start(t, Config{Source: src, Store: store})
		first, _ := r.Token(context.Background())
		synctest.Wait()
		r.Stop()

		// The app restarts ten minutes later.
		time.Sleep(10 * time.Minute)
		r2 := start(t, Config{Source: src, Store: store})
		tok, err := r2.Token(context.Background())
		if err != nil || tok.Value != first.Value || src.count() != 1 {
			t.Errorf("after restart Token() = %v, %v with %d fetches; want the stored token and no fetch", tok, err, src.count())
		}
		r2.Stop()

		// Past its renewal point the stored token is served while renewing.
		time.Sleep(45 * time.Minute)
		r3 := start(t, Config{Source: src, Store: store})
		synctest.Wait()
		if src.count() != 2 {
			t.Errorf("%d fetches; want a renewal at once for a stored token due for renewal", src.count())
		}
		if got, _ := store.Load(context.Background(), r3.store.key); got.Value != "tok-2" {
			t.Errorf("store holds %q; want the renewed token", got.Value)
		}
		r3.Stop()
	})
}

// failingStore fails every call, or panics.
type failingStore struct{ panics bool }

func (s failingStore) Load(context.Context, string) (Token, error) {
	if s.panics {
		panic("keychain exploded")
	}
	return Token{}, errors.New("keychain locked")
}

func (s failingStore) Save(context.Context, string, Token) error {
	if s.panics {
		panic("keychain exploded")
	}
	return errors.New("disk full")
}

func TestStoreFailuresAreReportedAndSurvived(t *testing.T) {
	for _, panics := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			rec := newRecorder()
			r := start(t, Config{Source: newFakeSource(time.Hour), Store: failingStore{panics}, Listener: rec})
			if tok, err := r.Token(context.Background()); err != nil || tok.Value == "" {
				t.Fatalf("Token() = %v, %v; want a token despite the store", tok, err)
			}
			synctest.Wait()
			r.Stop()
			errs := rec.events("error")
			if len(errs) != 2 || !errors.Is(errs[0].err, ErrStore) || !errors.Is(errs[1].err, ErrStore) {
				t.Fatalf("errors %v; want the failed load and save, each matching ErrStore", errs)
			}
			// A Store's panic is a Store failure and a recovered panic; its
			// code says the more telling of the two: a bug to fix.
			want := map[bool]string{false: "store", true: "internal"}[panics]
			for _, e := range errs {
				if errors.Is(e.err, ErrPanic) != panics || Code(e.err) != want {
					t.Errorf("error %q: ErrPanic %t, code %q; want %t, %q", e.err, errors.Is(e.err, ErrPanic), Code(e.err), panics, want)
				}
				if panics && !strings.Contains(e.err.Error(), "Store panicked: keychain exploded") {
					t.Errorf("error %q does not say what the Store panicked with", e.err)
				}
			}
		})
	}
}
