//go:build !js

package renewer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
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

// lines is a Logger that keeps what it is given, formatted.
type lines struct {
	mu sync.Mutex
	l  []string
}

func (l *lines) Debug(msg string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.l = append(l.l, fmt.Sprint(append([]any{msg}, args...)...))
}

func (l *lines) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.l)
}

// TestCustomSourceGetsWhatTheHTTPSourceGets: a custom Source with a
// header-based identity gets from the engine what the HTTP source gets:
// its secrets scrubbed from every error the renewer reports, a Store key
// of its identity (and none of its secret), and its identity check of a
// seed.
func TestCustomSourceGetsWhatTheHTTPSourceGets(t *testing.T) {
	const key = "sk-live-0123456789abcdef"
	t.Run("secrets", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			rec := newRecorder()
			var logged lines
			r := start(t, Config{Source: apiKeySource{key: key, account: "a", fail: true}, Listener: rec, Logger: &logged})
			_, err := r.Token(context.Background())
			if !IsPermanent(err) {
				t.Fatalf("Token: %v; want the permanent failure", err)
			}
			synctest.Wait() // the Error event is delivered
			reported := []string{err.Error(), fmt.Sprintf("%+v", err), r.Redact(errors.New("key " + key)).Error(),
				fmt.Sprint(r.Stats().LastError)}
			if len(rec.events("error")) == 0 || len(logged.all()) == 0 {
				t.Errorf("no Error event or no log line")
			}
			for _, e := range rec.events("error") {
				reported = append(reported, e.err.Error())
			}
			reported = append(reported, logged.all()...)
			for _, s := range reported {
				if strings.Contains(s, key) || strings.Contains(s, "sk-live") {
					t.Errorf("reported %q", s)
				}
			}
		})
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

// heldSource is a custom Source that renews with the token it replaces,
// as a server that takes the old token does: it records what it is given.
type heldSource struct {
	mu   sync.Mutex
	n    int
	held []string
}

func (s *heldSource) Fetch(ctx context.Context) (Token, error) { return s.FetchHeld(ctx, Token{}) }

func (s *heldSource) FetchHeld(_ context.Context, held Token) (Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	s.held = append(s.held, held.Value)
	return Token{Value: "tok-" + strconv.Itoa(s.n), ExpiresAt: time.Now().Add(time.Hour)}, nil
}

// TestHeldFetcherIsGivenTheTokenItReplaces: a Source that is a HeldFetcher
// is called with the token the renewer holds (none on the first fetch,
// the current one on a Refresh, the rejected one after Invalidate), as an
// argument, not through its context.
func TestHeldFetcherIsGivenTheTokenItReplaces(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &heldSource{}
		r := start(t, Config{Source: src})
		ctx := context.Background()
		if _, err := r.Token(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		r.Invalidate("tok-2")
		if tok, err := r.Token(ctx); err != nil || tok.Value != "tok-3" {
			t.Fatalf("Token after Invalidate: %v, %v; want tok-3", tok, err)
		}
		src.mu.Lock()
		defer src.mu.Unlock()
		if want := []string{"", "tok-1", "tok-2"}; !slices.Equal(src.held, want) {
			t.Errorf("held tokens %q; want %q", src.held, want)
		}
	})
}

// panickySecrets is a SecretHolder whose Secrets panics.
type panickySecrets struct{ apiKeySource }

func (panickySecrets) Secrets() []string { panic("no secrets today") }

// TestSecretsThatPanicWithholdTheText: a Source whose Secrets panics
// crashes nothing, and Redact, not knowing what to scrub, withholds the
// whole text and keeps the conditions.
func TestSecretsThatPanicWithholdTheText(t *testing.T) {
	const key = "sk-live-0123456789abcdef"
	r, err := New(Config{Source: panickySecrets{apiKeySource{key: key, account: "a"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := r.Redact(Permanent(fmt.Errorf("%w: key %s", ErrUnauthorized, key)))
	if strings.Contains(got.Error(), key) || !errors.Is(got, ErrUnauthorized) || !IsPermanent(got) {
		t.Errorf("Redact: %q (unauthorized %t, permanent %t); want the text withheld, the conditions kept",
			got, errors.Is(got, ErrUnauthorized), IsPermanent(got))
	}
}
