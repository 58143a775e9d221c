//go:build !js

package roomservice_test

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
	"github.com/tokenrenew/tokenrenew/renewer/roomservice"
)

// TestTwoUsersOneFileStore is the README's setup: a Room Service webhook
// that knows the user by the app's session cookie, and a FileStore. Alice's
// renewer saves her token; Bob's, with the same file and his own cookie,
// must not be handed it: he fetches his own.
func TestTwoUsersOneFileStore(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		io.Copy(io.Discard, r.Body)
		user := strings.TrimPrefix(r.Header.Get("Cookie"), "session=")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"user":"`+user+`","resources":[],"token":"token-for-`+user+`"}`)
	}))
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "token.json")
	run := func(user string) renewer.Token {
		t.Helper()
		saved := make(chan struct{}, 1)
		r, err := renewer.New(renewer.Config{URL: srv.URL, Profile: roomservice.Profile{Room: "lobby"},
			Header: map[string]string{"Cookie": "session=" + user},
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
	if tok := run("alice"); tok.Extra["user"] != "alice" || n.Load() != 1 {
		t.Fatalf("alice: user %v after %d requests", tok.Extra["user"], n.Load())
	}
	if tok := run("bob"); tok.Extra["user"] != "bob" || tok.Value != "token-for-bob" || n.Load() != 2 {
		t.Fatalf("bob was handed user %v's token after %d requests; want his own, fetched", tok.Extra["user"], n.Load())
	}
	if tok := run("bob"); tok.Value != "token-for-bob" || n.Load() != 2 {
		t.Errorf("bob again: %v after %d requests; want his stored token, no request", tok.Extra["user"], n.Load())
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
