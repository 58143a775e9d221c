//go:build !js

package profiles

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// TestTwoUsersOneFileStore: a token server that knows the user by a header
// the app sends, and one FileStore for both users. Alice's renewer saves her
// token; Bob's, with the same file and his own header, must not be handed
// it: he fetches his own, and finds it stored on his next run. For Room
// Service it is the README's setup (the app's session cookie); for Dolby,
// a token function behind an Authorization header.
func TestTwoUsersOneFileStore(t *testing.T) {
	cases := []struct {
		profile string
		options Options
		header  string // the header that names the user, before the user's name
		answer  func(user string) string
	}{
		{"dolby", Options{}, "Authorization: Bearer ", func(user string) string {
			return `{"access_token":"token-for-` + user + `","expires_in":3600}`
		}},
		{"roomservice", Options{Room: "lobby"}, "Cookie: session=", func(user string) string {
			return `{"user":"` + user + `","resources":[],"token":"token-for-` + user + `"}`
		}},
	}
	for _, c := range cases {
		t.Run(c.profile, func(t *testing.T) {
			name, prefix, _ := strings.Cut(c.header, ": ")
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, c.answer(strings.TrimPrefix(r.Header.Get(name), prefix)))
			}))
			t.Cleanup(srv.Close)
			path := filepath.Join(t.TempDir(), "token.json")
			run := func(user string) renewer.Token {
				t.Helper()
				p, err := ByName(c.profile, c.options)
				if err != nil {
					t.Fatal(err)
				}
				saved := make(chan struct{}, 1)
				r, err := renewer.New(renewer.Config{URL: srv.URL, Profile: p, Header: map[string]string{name: prefix + user},
					Store: savedStore{renewer.FileStore{Path: path}, saved}})
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				if err := r.Start(ctx); err != nil {
					t.Fatal(err)
				}
				defer func() { r.Stop(); <-r.Done() }()
				before := n.Load()
				tok, err := r.Token(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if n.Load() > before {
					select { // a fetched token is saved
					case <-saved:
					case <-ctx.Done():
					}
				}
				return tok
			}
			if tok := run("alice"); tok.Value != "token-for-alice" || n.Load() != 1 {
				t.Fatalf("alice: %v after %d requests", tok, n.Load())
			}
			if tok := run("bob"); tok.Value != "token-for-bob" || n.Load() != 2 {
				t.Fatalf("bob: alice's token is %v; bob got the token for %q after %d requests; want his own, fetched",
					tok.Value == "token-for-alice", strings.TrimPrefix(tok.Value, "token-for-"), n.Load())
			}
			if tok := run("bob"); tok.Value != "token-for-bob" || n.Load() != 2 {
				t.Errorf("bob again: %d requests; want his stored token, no request", n.Load())
			}
		})
	}
}

// savedStore is a FileStore that says when it has saved.
type savedStore struct {
	renewer.FileStore
	saved chan struct{}
}

func (s savedStore) Save(ctx context.Context, key string, tok renewer.Token) error {
	err := s.FileStore.Save(ctx, key, tok)
	select {
	case s.saved <- struct{}{}:
	default:
	}
	return err
}
