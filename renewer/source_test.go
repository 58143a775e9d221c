//go:build !js

package renewer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// apiKeySource is a custom Source that sends an API key in a header, as
// the HTTP source sends Config.Header: the key is its identity and its
// secret, its tokens name the key's account, and its errors quote the
// request, key and all, as a server that echoes the request does.
type apiKeySource struct {
	key, account string
	fail         bool
	fetches      *atomic.Int32
}

func (s apiKeySource) Fetch(context.Context) (Token, error) {
	if s.fetches != nil {
		s.fetches.Add(1)
	}
	if s.fail {
		return Token{}, Permanent(fmt.Errorf("400: bad request {X-Api-Key: %s, %q}", s.key, s.key))
	}
	return Token{Value: "tok." + s.account + ".1", ExpiresAt: time.Now().Add(time.Hour)}, nil
}

func (s apiKeySource) Identity() []string { return []string{"header", "x-api-key", s.key} }

func (s apiKeySource) Secrets() []string { return []string{s.key} }

func (s apiKeySource) CheckToken(tok Token) error {
	if !strings.HasPrefix(tok.Value, "tok."+s.account+".") {
		return fmt.Errorf("%w: the token is not for account %s", ErrWrongIdentity, s.account)
	}
	return nil
}

// TestCustomSourceGetsWhatTheHTTPSourceGets: a custom Source with a
// header-based identity gets from the engine what the HTTP source gets:
// its secrets scrubbed from every error the renewer reports, a Store key
// of its identity (and none of its secret), and its identity check of a
// seed.
func TestCustomSourceGetsWhatTheHTTPSourceGets(t *testing.T) {
	const key = "sk-live-0123456789abcdef"
	t.Run("secrets", func(t *testing.T) {
		rec := newRecorder()
		r := start(t, Config{Source: apiKeySource{key: key, account: "a", fail: true}, Listener: rec})
		_, err := r.Token(waitCtx(t, 10*time.Second))
		if !IsPermanent(err) {
			t.Fatalf("Token: %v; want the permanent failure", err)
		}
		reported := []string{err.Error(), fmt.Sprintf("%+v", err), r.Redact(errors.New("key " + key)).Error()}
		for _, e := range rec.events("error") {
			reported = append(reported, e.err.Error())
		}
		if len(reported) < 4 {
			t.Errorf("no Error event")
		}
		for _, s := range reported {
			if strings.Contains(s, key) || strings.Contains(s, "sk-live") {
				t.Errorf("reported %q", s)
			}
		}
	})
	t.Run("store key", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "token.json")
		var fetches atomic.Int32
		for i, c := range []struct {
			key, account string
			fetches      int32
		}{
			{key, "a", 1},
			{key, "a", 1}, // reused
			{"sk-live-another-key-0000", "b", 2},
			{key, "a", 3}, // one Store key, the last identity's token
		} {
			src := apiKeySource{key: c.key, account: c.account, fetches: &fetches}
			got := runStored(t, Config{Source: src, Store: FileStore{Path: path}})
			if got.Value != "tok."+c.account+".1" || fetches.Load() != c.fetches {
				t.Errorf("run %d: %q after %d fetches; want account %s after %d", i, got.Value, fetches.Load(), c.account, c.fetches)
			}
			if b, _ := os.ReadFile(path); strings.Contains(string(b), "sk-live") {
				t.Errorf("run %d: the file holds the key: %s", i, b)
			}
		}
	})
	t.Run("identity check", func(t *testing.T) {
		seed := Token{Value: "tok.b.1", ExpiresAt: time.Now().Add(time.Hour)}
		if _, err := New(Config{Source: apiKeySource{key: key, account: "a"}, Seed: seed}); !errors.Is(err, ErrWrongIdentity) {
			t.Errorf("New with another account's seed: %v; want ErrWrongIdentity", err)
		}
	})
}
