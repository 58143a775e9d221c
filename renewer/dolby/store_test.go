//go:build !js

package dolby_test

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
	"github.com/tokenrenew/tokenrenew/renewer/dolby"
)

// TestTwoUsersOneFileStore: a Dolby token function behind an
// Authorization header, and a FileStore. Alice's renewer saves her token;
// Bob's, with the same file and his own credential, must not be handed it:
// he fetches his own.
func TestTwoUsersOneFileStore(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		io.Copy(io.Discard, r.Body)
		user := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"token-for-`+user+`","expires_in":3600}`)
	}))
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "token.json")
	run := func(user string) renewer.Token {
		t.Helper()
		saved := make(chan struct{}, 1)
		r, err := renewer.New(renewer.Config{URL: srv.URL, Profile: dolby.Profile{},
			Header: map[string]string{"Authorization": "Bearer " + user},
			Store:  savedStore{renewer.FileStore{Path: path}, saved}})
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
