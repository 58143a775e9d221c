package mobile

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestStoreKeepsOneUsersToken: two users of one app, one Store, each
// signed in by an AddHeader credential. Bob must not be handed Alice's
// token; he fetches his own, and again later finds his own. The Store's
// key names neither, nor their credentials.
func TestStoreKeepsOneUsersToken(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		fmt.Fprintf(w, `{"token":"token-for-%s","expires_in":3600}`, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	}))
	t.Cleanup(srv.Close)
	store := &memStore{saved: make(chan struct{}, 1)}
	run := func(user, identity string) string {
		t.Helper()
		cfg := NewConfig()
		cfg.SetURL(srv.URL)
		cfg.SetStore(store)
		cfg.AddHeader("Authorization", "Bearer "+user)
		cfg.SetIdentity(identity)
		r := newStarted(t, cfg, nil)
		before := n.Load()
		tok, err := r.Token(wait.Milliseconds())
		if err != nil {
			t.Fatal(err)
		}
		if n.Load() > before {
			store.waitSaved(t)
		}
		r.Stop()
		if k := store.stored().Key; strings.Contains(k, user) || strings.Contains(k, identity) && identity != "" {
			t.Errorf("the stored key %q names the user", k)
		}
		return tok
	}
	if tok := run("alice", ""); tok != "token-for-alice" || n.Load() != 1 {
		t.Fatalf("alice: %q after %d requests", tok, n.Load())
	}
	if tok := run("bob", ""); tok != "token-for-bob" || n.Load() != 2 {
		t.Fatalf("bob: %q after %d requests; want his own token, fetched", tok, n.Load())
	}
	if tok := run("bob", ""); tok != "token-for-bob" || n.Load() != 2 {
		t.Errorf("bob again: %q after %d requests; want his stored token, no request", tok, n.Load())
	}
	if tok := run("bob", "bob@example.com"); tok != "token-for-bob" || n.Load() != 3 {
		t.Errorf("bob with an identity: %q after %d requests; want a token of its own", tok, n.Load())
	}
	if secrets := store.stored().SecretsJSON; !strings.Contains(secrets, "tokenrenew") {
		t.Errorf("SecretsJSON = %q; want the Store's hash key kept among the secrets", secrets)
	}
}
