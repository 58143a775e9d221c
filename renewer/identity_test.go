//go:build !js

package renewer

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	rtc "github.com/AgoraIO-Community/go-tokenbuilder/rtctokenbuilder"
	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
)

// The Agora app the test tokens are built for: test values, not a real app.
const (
	testAppID   = "970CA35de60c44645bbae8a215061b33"
	testAppCert = "5CFd2fd1755d40ecb72977518be15d3b"
)

// agoraServer answers the Agora token service's POST /getToken with a real
// 007 token for the requested channel and uid, counting requests.
func agoraServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		body := make([]byte, 4096)
		k, _ := r.Body.Read(body)
		req := string(body[:k])
		channel := jsonField(req, "channel")
		uid := jsonField(req, "uid")
		tok, err := rtc.BuildTokenWithAccount(testAppID, testAppCert, channel, uid, rtc.RolePublisher, 3600)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"token":"` + tok + `"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// jsonField reads a string or number field from a flat JSON object.
func jsonField(body, name string) string {
	v, err := jsonlite.Decode([]byte(body), true)
	if err != nil {
		return ""
	}
	obj, _ := v.(map[string]any)
	switch x := obj[name].(type) {
	case string:
		return x
	case jsonlite.Number:
		return string(x)
	}
	return ""
}

func startAgora(t *testing.T, url, path, uid string) *Renewer {
	t.Helper()
	return start(t, Config{URL: url, Profile: Agora{Channel: "demo", UID: uid}, Store: FileStore{Path: path}})
}

// TestStoredTokenBelongsToOneIdentity: a FileStore written for uid 42 is
// not read for uid 7777; the second run fetches its own token.
func TestStoredTokenBelongsToOneIdentity(t *testing.T) {
	srv, n := agoraServer(t)
	path := filepath.Join(t.TempDir(), "token.json")
	saved := make(chan struct{})
	r := startAgora(t, srv.URL, path, "42")
	first, err := r.Token(waitCtx(t, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			close(saved)
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the token was never saved")
		}
	}
	<-saved
	stopAndWait(t, r)

	again := startAgora(t, srv.URL, path, "42")
	if tok, err := again.Token(waitCtx(t, 10*time.Second)); err != nil || tok.Value != first.Value || n.Load() != 1 {
		t.Fatalf("same identity: Token = %v, %v after %d fetches; want the stored token with no fetch", tok, err, n.Load())
	}
	stopAndWait(t, again)

	other := startAgora(t, srv.URL, path, "7777")
	tok, err := other.Token(waitCtx(t, 10*time.Second))
	if err != nil || tok.Value == first.Value || n.Load() != 2 {
		t.Fatalf("another uid: Token = %v, %v after %d fetches; want a fetched token of its own", tok, err, n.Load())
	}
	info, _ := tokeninfo.Inspect(tok.Value)
	if len(info.Services) == 0 || info.Services[0].UID != "7777" {
		t.Errorf("uid 7777 was handed a token for %+v", info.Services)
	}
}

func TestSeedForAnotherChannelIsRefused(t *testing.T) {
	tok, err := rtc.BuildTokenWithAccount(testAppID, testAppCert, "other-channel", "42", rtc.RolePublisher, 3600)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	seed := Token{Value: tok, IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
	_, err = New(Config{URL: "https://tokens.example.com", Profile: Agora{Channel: "demo", UID: "42"}, Seed: seed})
	if !errors.Is(err, ErrWrongIdentity) || strings.Contains(err.Error(), tok) {
		t.Errorf("New with a seed for another channel = %v; want ErrWrongIdentity", err)
	}
	_, err = New(Config{URL: "https://tokens.example.com", Profile: Agora{Channel: "other-channel", UID: "7"}, Seed: seed})
	if !errors.Is(err, ErrWrongIdentity) {
		t.Errorf("New with a seed for another uid = %v; want ErrWrongIdentity", err)
	}
	if _, err := New(Config{URL: "https://tokens.example.com", Profile: Agora{Channel: "other-channel", UID: "42"}, Seed: seed}); err != nil {
		t.Errorf("New with a seed for its own channel and uid = %v", err)
	}
}

func TestIdentityKeyHoldsNoSecretAndTellsIdentitiesApart(t *testing.T) {
	const secret = "s3cr3t-api-key"
	key := func(p Profile, hdr map[string]string) string {
		s, err := newHTTPSource(Config{URL: "https://tokens.example.com/t?key=" + secret, Profile: p, Header: hdr}, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		return s.storeKey()
	}
	a := key(Agora{Channel: "c", UID: "42"}, map[string]string{"Authorization": "Bearer " + secret})
	if strings.Contains(a, secret) {
		t.Errorf("key %q holds the secret", a)
	}
	if b := key(Agora{Channel: "c", UID: "42"}, map[string]string{"Authorization": "Bearer another"}); b != a {
		t.Error("a header value changed the key; only names count")
	}
	for _, other := range []string{
		key(Agora{Channel: "c", UID: "7777"}, map[string]string{"Authorization": "x"}),
		key(Agora{Channel: "d", UID: "42"}, map[string]string{"Authorization": "x"}),
		key(Agora{Channel: "c", UID: "42", Role: "subscriber"}, map[string]string{"Authorization": "x"}),
		key(Agora{Channel: "c", UID: "42"}, nil),
		key(RoomService{Room: "r"}, nil),
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
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
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
