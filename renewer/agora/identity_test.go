//go:build !js

package agora_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	rtc "github.com/AgoraIO-Community/go-tokenbuilder/rtctokenbuilder"
	rtm "github.com/AgoraIO-Community/go-tokenbuilder/rtmtokenbuilder"
	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/agora"
	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
)

// A stored or seeded token belongs to the identity it was fetched for.

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

func startAgora(t *testing.T, url, path, uid string) *renewer.Renewer {
	t.Helper()
	return start(t, renewer.Config{URL: url, Profile: agora.Profile{Channel: "demo", UID: uid}, Store: renewer.FileStore{Path: path}})
}

// TestStoredTokenBelongsToOneIdentity: a FileStore written for uid 42 is
// not read for uid 7777; the second run fetches its own token.
func TestStoredTokenBelongsToOneIdentity(t *testing.T) {
	srv, n := agoraServer(t)
	path := filepath.Join(t.TempDir(), "token.json")
	store := notifyingStore{renewer.FileStore{Path: path}, make(chan struct{}, 1)}
	r := start(t, renewer.Config{URL: srv.URL, Profile: agora.Profile{Channel: "demo", UID: "42"}, Store: store})
	first, err := r.Token(waitCtx(t, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-store.saved:
	case <-time.After(10 * time.Second):
		t.Fatal("the token was never saved")
	}
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
	seed := renewer.Token{Value: tok, IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
	_, err = renewer.New(renewer.Config{URL: "https://tokens.example.com", Profile: agora.Profile{Channel: "demo", UID: "42"}, Seed: seed})
	if !errors.Is(err, renewer.ErrWrongIdentity) || strings.Contains(err.Error(), tok) {
		t.Errorf("New with a seed for another channel = %v; want ErrWrongIdentity", err)
	}
	_, err = renewer.New(renewer.Config{URL: "https://tokens.example.com", Profile: agora.Profile{Channel: "other-channel", UID: "7"}, Seed: seed})
	if !errors.Is(err, renewer.ErrWrongIdentity) {
		t.Errorf("New with a seed for another uid = %v; want ErrWrongIdentity", err)
	}
	if _, err := renewer.New(renewer.Config{URL: "https://tokens.example.com", Profile: agora.Profile{Channel: "other-channel", UID: "42"}, Seed: seed}); err != nil {
		t.Errorf("New with a seed for its own channel and uid = %v", err)
	}
}

// start makes and starts a renewer for cfg, stopped when the test ends.
func start(t *testing.T, cfg renewer.Config) *renewer.Renewer {
	t.Helper()
	r, err := renewer.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopAndWait(t, r) })
	return r
}

// stopAndWait stops r and waits until it is quiet.
func stopAndWait(t testing.TB, r *renewer.Renewer) {
	t.Helper()
	r.Stop()
	select {
	case <-r.Done():
	case <-time.After(time.Minute):
		t.Errorf("renewer not quiet a minute after Stop")
	}
}

// waitCtx returns a context that ends after d, cancelled when the test ends.
func waitCtx(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// notifyingStore is a FileStore that says when it has saved.
type notifyingStore struct {
	renewer.FileStore
	saved chan struct{}
}

func (s notifyingStore) Save(ctx context.Context, key string, tok renewer.Token) error {
	err := s.FileStore.Save(ctx, key, tok)
	select {
	case s.saved <- struct{}{}:
	default:
	}
	return err
}

// TestSeedOfAnotherServiceIsRefused: a 007 token with no service of the
// configured type (an RTM token seeding an RTC renewer, and the reverse)
// is another identity's, as a token naming another uid is.
func TestSeedOfAnotherServiceIsRefused(t *testing.T) {
	rtmTok, err := rtm.BuildToken(testAppID, testAppCert, "7777", 3600, "")
	if err != nil {
		t.Fatal(err)
	}
	rtcTok, err := rtc.BuildTokenWithAccount(testAppID, testAppCert, "demo", "7777", rtc.RolePublisher, 3600)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	seed := func(v string) renewer.Token {
		return renewer.Token{Value: v, IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
	}
	for _, c := range []struct {
		name string
		p    agora.Profile
		tok  string
	}{
		{"RTM token, RTC renewer", agora.Profile{Channel: "demo", UID: "42"}, rtmTok},
		{"RTM token, RTC renewer of its user", agora.Profile{Channel: "demo", UID: "7777"}, rtmTok},
		{"RTC token, RTM renewer", agora.Profile{TokenType: "rtm", UID: "7777"}, rtcTok},
	} {
		_, err := renewer.New(renewer.Config{URL: "https://tokens.example.com", Profile: c.p, Seed: seed(c.tok)})
		if !errors.Is(err, renewer.ErrWrongIdentity) || strings.Contains(err.Error(), c.tok) {
			t.Errorf("%s: New = %v; want ErrWrongIdentity", c.name, err)
		}
	}
	if _, err := renewer.New(renewer.Config{URL: "https://tokens.example.com", Profile: agora.Profile{TokenType: "rtm", UID: "7777"}, Seed: seed(rtmTok)}); err != nil {
		t.Errorf("New with an RTM seed for its own user = %v", err)
	}
}

// TestStoredTokenOfAnotherServiceIsDropped: a Store that hands an RTC
// renewer an RTM token (under the right key: a Store the app wrote) is
// reported and not used; the renewer fetches its own.
func TestStoredTokenOfAnotherServiceIsDropped(t *testing.T) {
	rtmTok, err := rtm.BuildToken(testAppID, testAppCert, "42", 3600, "")
	if err != nil {
		t.Fatal(err)
	}
	srv, n := agoraServer(t)
	now := time.Now()
	errs := make(chan error, 4)
	r := start(t, renewer.Config{URL: srv.URL, Profile: agora.Profile{Channel: "demo", UID: "42"},
		Store:    anyKeyStore{renewer.Token{Value: rtmTok, IssuedAt: now, ExpiresAt: now.Add(time.Hour)}},
		Listener: renewer.ListenerFuncs{OnError: func(err error) { errs <- err }}})
	tok, err := r.Token(waitCtx(t, 10*time.Second))
	if err != nil || tok.Value == rtmTok || n.Load() != 1 {
		t.Fatalf("Token = %v, %v after %d fetches; want a fetched RTC token", tok, err, n.Load())
	}
	select {
	case err := <-errs:
		if !errors.Is(err, renewer.ErrWrongIdentity) {
			t.Errorf("reported %v; want ErrWrongIdentity", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("the dropped token was not reported")
	}
}

// anyKeyStore answers Load for any key with its token.
type anyKeyStore struct{ tok renewer.Token }

func (s anyKeyStore) Load(context.Context, string) (renewer.Token, error) { return s.tok, nil }
func (anyKeyStore) Save(context.Context, string, renewer.Token) error     { return nil }
