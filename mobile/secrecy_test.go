package mobile

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Every secret here carries this marker: the tokens, the seed, a header
// value, the URL's query, an extra's secret. None may appear in anything
// the mobile face formats, returns as an error text, or hands the Listener
// as a message.
const secretMark = "SECRET"

var secrecyVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// secrecyListener records what reaches OnError.
type secrecyListener struct {
	mu   sync.Mutex
	out  bytes.Buffer
	errs int
}

func (l *secrecyListener) OnTokenWillExpire(*Token, int64) error { return nil }
func (l *secrecyListener) OnRenewToken(tok *Token) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, verb := range secrecyVerbs {
		fmt.Fprintf(&l.out, "renewed token "+verb+"\n", tok)
	}
	return nil
}
func (l *secrecyListener) OnTokenExpired(*Token) error { return nil }
func (l *secrecyListener) OnError(err *TokenError) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs++
	fmt.Fprintln(&l.out, err.Code, err.Message, err.Permanent, err)
	return nil
}

func TestSecrecyNoSecretInAnythingTheMobileFaceFormats(t *testing.T) {
	var mu sync.Mutex
	fail := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		f := fail
		mu.Unlock()
		if f { // a server that echoes the request into its error
			http.Error(w, "bad request from "+r.Header.Get("Authorization")+" to "+r.URL.RawQuery, http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, `{"token":"SECRET-token-1","expires_in":3600}`)
	}))
	defer srv.Close()

	var out bytes.Buffer
	formatAll := func(name string, v any) {
		for _, verb := range secrecyVerbs {
			fmt.Fprintf(&out, "%s %s: "+verb+"\n", name, verb, v)
		}
	}
	cfg := NewConfig()
	cfg.SetURL(srv.URL + "/token?key=SECRET-query")
	cfg.AddHeader("Authorization", "Bearer SECRET-header")
	seed := NewToken("SECRET-seed", time.Now().Add(-time.Minute).UnixMilli(), time.Now().Add(-time.Hour).UnixMilli()) // expired: a fetch follows
	seed.SecretsJSON = `{"rtmToken":"SECRET-seed-rtm"}`
	cfg.SetSeed(seed)
	cfg.SetMinBackoffMs(10)
	formatAll("config", cfg)
	st := NewStoredToken("SECRET-stored", time.Now().Add(time.Hour).UnixMilli(), 0)
	st.SecretsJSON = `{"rtmToken":"SECRET-rtm"}`
	formatAll("stored token", st)
	formatAll("stored token value", *st)

	l := &secrecyListener{}
	r := NewRenewer(cfg, l)
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	_, err := r.Token(300)
	formatAll("token error", err)
	w := NewWait(300)
	_, err = r.AwaitToken(w)
	formatAll("await error", err)
	formatAll("wait failure", w.Failure())
	formatAll("renewer", r)
	formatAll("stats", r.Stats())
	mu.Lock()
	fail = false
	mu.Unlock()
	if tok, err := r.Token(10_000); err != nil || !strings.HasPrefix(tok, secretMark) {
		t.Fatalf("Token = %q, %v; want the server's token once it recovers", tok, err)
	}
	formatAll("renewer", r)
	formatAll("stats", r.Stats())

	l.mu.Lock()
	out.Write(l.out.Bytes())
	errs := l.errs
	l.mu.Unlock()
	if errs == 0 {
		t.Fatal("no OnError call: the echoing server was not reached")
	}
	if i := strings.Index(out.String(), secretMark); i >= 0 {
		line := out.String()[max(0, strings.LastIndexByte(out.String()[:i], '\n')+1):]
		line, _, _ = strings.Cut(line, "\n")
		t.Errorf("a secret escaped: %s", line)
	}
}

// leakyListener throws what an app might: its first OnRenewToken panics
// with the token in the panic value, the later ones fail with an error
// that quotes it. It records what reaches OnError.
type leakyListener struct {
	secrecyListener
	renewals atomic.Int32
	reported chan struct{}
}

func (l *leakyListener) OnRenewToken(tok *Token) error {
	if l.renewals.Add(1) == 1 {
		panic("the SDK cannot use " + tok.Value)
	}
	return errors.New("the SDK refused " + tok.Value)
}

func (l *leakyListener) OnError(err *TokenError) error {
	_ = l.secrecyListener.OnError(err)
	l.reported <- struct{}{}
	return nil
}

// leakyStore fails every Save with the token it was given in the text.
type leakyStore struct{}

func (leakyStore) Load() (*StoredToken, error) { return nil, nil }
func (leakyStore) Save(st *StoredToken) error {
	return errors.New("keychain refused " + st.Value + " with " + st.SecretsJSON)
}

func TestSecrecyNoTokenInWhatTheAppsListenerAndStoreThrow(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"token":"SECRET-token-%d","expires_in":3600}`, n.Add(1))
	}))
	defer srv.Close()
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	cfg.SetStore(leakyStore{})
	l := &leakyListener{reported: make(chan struct{}, 16)}
	r := NewRenewer(cfg, l)
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	if _, err := r.Token(wait.Milliseconds()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Refresh(wait.Milliseconds()); err != nil {
		t.Fatal(err)
	}
	// Two renewals, each reported twice: the Listener's panic or error,
	// and the Store's failure to save the token.
	for range 4 {
		select {
		case <-l.reported:
		case <-time.After(wait):
			t.Fatal("fewer than 4 OnError calls")
		}
	}
	l.mu.Lock()
	out := l.out.String() + fmt.Sprintln(r.Stats())
	l.mu.Unlock()
	for _, want := range []string{"panic in Listener.OnRenewToken: the SDK cannot use [REDACTED]",
		"Listener.OnRenewToken failed: the SDK refused [REDACTED]", "Store.Save failed: keychain refused [REDACTED]"} {
		if !strings.Contains(out, want) {
			t.Errorf("OnError was not told %q; it was told:\n%s", want, out)
		}
	}
	if strings.Contains(out, secretMark) {
		t.Errorf("a token reached OnError:\n%s", out)
	}
}
