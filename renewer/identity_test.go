//go:build !js

package renewer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestIdentityKeyHoldsNoSecretAndTellsIdentitiesApart(t *testing.T) {
	const secret = "s3cr3t-api-key"
	key := func(p Profile, hdr map[string]string) string {
		s, err := newHTTPSource(Config{URL: "https://tokens.example.com/t?key=" + secret, Profile: p, Header: hdr}, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		return s.storeKey()
	}
	uid := func(u string) Profile { return JSON{Method: "POST", Body: []byte(`{"channel":"c","uid":"` + u + `"}`)} }
	a := key(uid("42"), map[string]string{"Authorization": "Bearer " + secret})
	if strings.Contains(a, secret) {
		t.Errorf("key %q holds the secret", a)
	}
	if b := key(uid("42"), map[string]string{"Authorization": "Bearer another"}); b != a {
		t.Error("a header value changed the key; only names count")
	}
	for _, other := range []string{
		key(uid("7777"), map[string]string{"Authorization": "x"}),
		key(JSON{Method: "POST", Body: []byte(`{"channel":"d","uid":"42"}`)}, map[string]string{"Authorization": "x"}),
		key(uid("42"), nil),
		key(Text{}, map[string]string{"Authorization": "x"}),
	} {
		if other == a {
			t.Errorf("two identities share the key %q", a)
		}
	}
}

func TestFileStoreKeepsSecretsAsSecretsAndEveryExtra(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	s := FileStore{Path: path}
	tok := Token{Value: "rtc-token", IssuedAt: time.Unix(100, 0), ExpiresAt: time.Unix(5000, 0),
		Extra: map[string]any{"rtmToken": Secret("rtm-token"), "user": "u1", "resources": []any{map[string]any{"object": "room"}}}}
	if err := s.Save(context.Background(), "k", tok); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); strings.Contains(string(b), "REDACTED") {
		t.Errorf("the file holds a redacted secret: %s", b)
	}
	got, err := s.Load(context.Background(), "k")
	if err != nil {
		t.Fatal(err)
	}
	if rtm, ok := got.Extra["rtmToken"].(Secret); !ok || rtm != "rtm-token" {
		t.Errorf("rtmToken after a round trip = %#v; want the Secret itself", got.Extra["rtmToken"])
	}
	if got.Extra["user"] != "u1" || len(got.Extra["resources"].([]any)) != 1 {
		t.Errorf("extras after a round trip = %v", got.Extra)
	}
	if other, err := s.Load(context.Background(), "another-key"); err != nil || other.Value != "" {
		t.Errorf("Load under another key = %v, %v; want no token", other, err)
	}
}

func TestFileStoreRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := mkfifo(fifo); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, maxStoreFile+1), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, zero, big} {
		done := make(chan error, 1)
		go func() {
			_, err := FileStore{Path: path}.Load(context.Background(), "k")
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("Load(%s) = nil error", filepath.Base(path))
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Load(%s) hangs", filepath.Base(path))
		}
	}
}

func TestCorruptStoreFileIsAStoreError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 1)
	r, err := New(Config{Source: newFakeSource(time.Hour), Store: FileStore{Path: path},
		Listener: ListenerFuncs{OnError: func(err error) { errs <- err }}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer stopAndWait(t, r)
	err = <-errs
	if Code(err) != "store" || errors.Is(err, ErrMalformedResponse) {
		t.Errorf("a corrupt store file: %v (code %q); want code store", err, Code(err))
	}
}
