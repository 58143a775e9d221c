package mobile

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	rtc "github.com/AgoraIO-Community/go-tokenbuilder/rtctokenbuilder"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// wait bounds every wait for the binding to answer; no test measures time.
const wait = 10 * time.Second

// event is one Listener call.
type event struct {
	kind      string
	token     string
	at        int64
	issued    int64
	code      int64
	message   string
	permanent bool
}

// recorder is a Listener that records every call and misbehaves on demand.
type recorder struct {
	events chan event
	panics atomic.Int32 // panic in the next n OnRenewToken calls
	fails  atomic.Int32 // return an error from the next n OnRenewToken calls
}

func newRecorder() *recorder { return &recorder{events: make(chan event, 100)} }

func (r *recorder) OnTokenWillExpire(token *Token, msLeft int64) error {
	r.events <- event{kind: "willExpire", token: token.Value, at: msLeft}
	return nil
}

func (r *recorder) OnRenewToken(token *Token) error {
	r.events <- event{kind: "renew", token: token.Value, at: token.ExpiresAtMs, issued: token.IssuedAtMs}
	if r.panics.Add(-1) >= 0 {
		panic("listener bug")
	}
	if r.fails.Add(-1) >= 0 {
		return errors.New("java.lang.IllegalStateException: listener threw")
	}
	return nil
}

func (r *recorder) OnTokenExpired(token *Token) error {
	r.events <- event{kind: "expired", token: token.Value, at: token.ExpiresAtMs}
	return nil
}

func (r *recorder) OnError(err *TokenError) error {
	r.events <- event{kind: "error", code: err.Code, message: err.Message, permanent: err.Permanent}
	return nil
}

func (r *recorder) next(t *testing.T, kind string) event {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case e := <-r.events:
			if e.kind == kind {
				return e
			}
		case <-timeout:
			t.Fatalf("no %s event", kind)
		}
	}
}

// tokenServer answers every request with a fresh token living an hour, or
// 401 when the request has X-Deny; it counts requests.
func tokenServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		if r.Header.Get("X-Deny") != "" {
			http.Error(w, "no session", http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, `{"token":"tok-%d","expires_in":3600}`, k)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func newStarted(t *testing.T, cfg *Config, l Listener) *Renewer {
	t.Helper()
	r := NewRenewer(cfg, l)
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	return r
}

func TestRenewerDeliversTokensAsMillisecondsAndStrings(t *testing.T) {
	srv, _ := tokenServer(t)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	rec := newRecorder()
	before := time.Now()
	r := newStarted(t, cfg, rec)

	tok, err := r.Token(wait.Milliseconds())
	if err != nil || tok != "tok-1" {
		t.Fatalf("Token = %q, %v; want tok-1", tok, err)
	}
	e := rec.next(t, "renew")
	if e.token != "tok-1" {
		t.Errorf("OnRenewToken token = %q, want tok-1", e.token)
	}
	exp := time.UnixMilli(e.at)
	if exp.Before(before.Add(59*time.Minute)) || exp.After(time.Now().Add(61*time.Minute)) {
		t.Errorf("OnRenewToken expiresAtMs = %v, want about an hour from now", exp)
	}
	s := r.Stats()
	if !s.Valid || s.Renewals != 1 || s.ExpiresAtMs != e.at || s.NextAttemptMs <= time.Now().UnixMilli() || s.LastErrorCode != ErrorCodeNone {
		t.Errorf("Stats = %+v, want one valid renewal expiring at %d with the next attempt ahead", *s, e.at)
	}

	tok, err = r.Refresh(wait.Milliseconds())
	if err != nil || tok != "tok-2" {
		t.Errorf("Refresh = %q, %v; want tok-2", tok, err)
	}
	r.Invalidate("")
	if e := rec.next(t, "renew"); e.token != "tok-2" {
		t.Errorf("second OnRenewToken = %q, want tok-2", e.token)
	}
	if e := rec.next(t, "renew"); e.token != "tok-3" {
		t.Errorf("OnRenewToken after Invalidate = %q, want tok-3", e.token)
	}
	r.Pause()
	if s := r.Stats(); !s.Paused || s.NextAttemptMs != 0 {
		t.Errorf("Stats while paused: Paused %v, NextAttemptMs %d; want true and 0", s.Paused, s.NextAttemptMs)
	}
	r.Resume()
	if s := r.Stats(); s.Paused || s.NextAttemptMs == 0 {
		t.Errorf("Stats after Resume: Paused %v, NextAttemptMs %d; want false and the renewal time", s.Paused, s.NextAttemptMs)
	}
	r.Stop()
	if _, err := r.Token(0); CodeOf(err.Error()) != ErrorCodeStopped {
		t.Errorf("Token after Stop: %v, want ErrorCodeStopped", err)
	}
}

func TestUnauthorizedIsReportedOnceAsPermanent(t *testing.T) {
	srv, n := tokenServer(t)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	cfg.AddHeader("X-Deny", "1")
	rec := newRecorder()
	r := newStarted(t, cfg, rec)

	e := rec.next(t, "error")
	if e.code != ErrorCodeUnauthorized || !e.permanent || !strings.Contains(e.message, "401") {
		t.Errorf("OnError(%d, %q, %t), want ErrorCodeUnauthorized, permanent", e.code, e.message, e.permanent)
	}
	_, err := r.Token(wait.Milliseconds())
	if err == nil || CodeOf(err.Error()) != ErrorCodeUnauthorized {
		t.Errorf("Token after 401: %v, want ErrorCodeUnauthorized at once", err)
	}
	s := r.Stats()
	if !s.Waiting || s.LastErrorCode != ErrorCodeUnauthorized || !s.LastErrorPermanent {
		t.Errorf("Stats = %+v, want waiting after a permanent 401", *s)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("server saw %d requests, want 1: a 401 is not retried", got)
	}
}

func TestTokenWithZeroTimeoutNeverWaits(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		fmt.Fprint(w, `{"token":"late","expires_in":3600}`)
	}))
	defer srv.Close()
	defer close(release)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	r := newStarted(t, cfg, nil)
	defer r.Stop()
	if _, err := r.Token(0); err == nil || CodeOf(err.Error()) != ErrorCodeTimeout {
		t.Errorf("Token(0) while the first fetch hangs: %v, want ErrorCodeTimeout", err)
	}
}

func TestAnUnusableConfigFailsStartWithItsCode(t *testing.T) {
	agoraSeed := func(channel string) *Config {
		c := NewConfig()
		c.SetURL("https://tokens.example.com/getToken")
		c.SetProfile("agora")
		c.SetChannel(channel)
		c.SetUID("42")
		c.SetSeed(NewToken(agoraToken(t, "other-channel", "42"), time.Now().Add(time.Hour).UnixMilli(), time.Now().UnixMilli()))
		return c
	}
	tests := []struct {
		name string
		cfg  func() *Config
		code int64
	}{
		{"a nil config", func() *Config { return nil }, ErrorCodeConfig},
		{"no URL", NewConfig, ErrorCodeConfig},
		{"an unknown profile", func() *Config {
			c := NewConfig()
			c.SetURL("https://tokens.example.com")
			c.SetProfile("carrier-pigeon")
			return c
		}, ErrorCodeConfig},
		{"plain http to a remote host", func() *Config {
			c := NewConfig()
			c.SetURL("http://tokens.example.com")
			return c
		}, ErrorCodeInsecureURL},
		{"a seed minted for another channel", func() *Config { return agoraSeed("demo") }, ErrorCodeWrongIdentity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder()
			r := NewRenewer(tt.cfg(), rec)
			if err := r.Start(); err == nil || CodeOf(err.Error()) != tt.code {
				t.Errorf("Start = %v; want code %d", err, tt.code)
			}
			if _, err := r.Token(1000); err == nil || CodeOf(err.Error()) != tt.code {
				t.Errorf("Token = %v; want code %d", err, tt.code)
			}
			w := NewWait(0)
			if _, err := r.AwaitToken(w); err == nil || w.Failure() == nil || w.Failure().Code != tt.code || !w.Failure().Permanent {
				t.Errorf("AwaitToken = %v, %v; want permanent code %d", err, w.Failure(), tt.code)
			}
			if s := r.Stats(); s.LastErrorCode != tt.code || !s.LastErrorPermanent {
				t.Errorf("Stats = %+v; want the config error", *s)
			}
			r.Invalidate("")
			r.Pause()
			r.Resume()
			r.Stop()
			if r.Current() != nil || strings.Contains(r.String(), "SECRET") {
				t.Errorf("Current = %v, String = %s", r.Current(), r)
			}
			select {
			case e := <-rec.events:
				t.Errorf("the listener of an unusable renewer was called: %+v", e)
			default:
			}
		})
	}
}

func TestPanicsAndExceptionsInTheListenerBecomeInternalErrors(t *testing.T) {
	srv, _ := tokenServer(t)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	rec := newRecorder()
	rec.panics.Store(1)
	rec.fails.Store(1)
	r := newStarted(t, cfg, rec)
	if _, err := r.Token(wait.Milliseconds()); err != nil {
		t.Fatal(err)
	}
	e := rec.next(t, "error")
	if e.code != ErrorCodeInternal || !strings.Contains(e.message, "listener bug") || e.permanent {
		t.Errorf("after a panic in OnRenewToken: OnError(%d, %q, %t), want ErrorCodeInternal", e.code, e.message, e.permanent)
	}
	if _, err := r.Refresh(wait.Milliseconds()); err != nil {
		t.Fatal(err)
	}
	e = rec.next(t, "error")
	if e.code != ErrorCodeInternal || !strings.Contains(e.message, "listener threw") {
		t.Errorf("after OnRenewToken threw: OnError(%d, %q), want ErrorCodeInternal", e.code, e.message)
	}
	if !r.Stats().Valid {
		t.Error("a failing listener must not disturb renewal")
	}
}

// panicky is a Listener whose every method panics, OnError included.
type panicky struct{ calls chan string }

func (p *panicky) OnTokenWillExpire(*Token, int64) error { panic("will expire") }
func (p *panicky) OnRenewToken(*Token) error             { p.calls <- "renew"; panic("renew") }
func (p *panicky) OnTokenExpired(*Token) error           { panic("expired") }
func (p *panicky) OnError(*TokenError) error             { p.calls <- "error"; panic("error") }

func TestAPanicInOnErrorIsDropped(t *testing.T) {
	srv, _ := tokenServer(t)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	p := &panicky{calls: make(chan string, 10)}
	r := newStarted(t, cfg, p)
	if _, err := r.Token(wait.Milliseconds()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"renew", "error"} {
		select {
		case got := <-p.calls:
			if got != want {
				t.Errorf("listener call %q, want %q", got, want)
			}
		case <-time.After(wait):
			t.Fatalf("no %s call", want)
		}
	}
	if _, err := r.Refresh(wait.Milliseconds()); err != nil {
		t.Errorf("Refresh after the listener panicked twice: %v", err)
	}
}

func TestMethodsOfABrokenRenewerRecoverTheirPanics(t *testing.T) {
	var r Renewer // no renewer inside: every call panics within the facade
	if _, err := r.Token(0); CodeOf(err.Error()) != ErrorCodeInternal {
		t.Errorf("Token: %v, want ErrorCodeInternal", err)
	}
	if _, err := r.Refresh(0); CodeOf(err.Error()) != ErrorCodeInternal {
		t.Errorf("Refresh: %v, want ErrorCodeInternal", err)
	}
	if err := r.Start(); CodeOf(err.Error()) != ErrorCodeInternal {
		t.Errorf("Start: %v, want ErrorCodeInternal", err)
	}
	if s := r.Stats(); s.LastErrorCode != ErrorCodeInternal {
		t.Errorf("Stats = %+v, want LastErrorCode ErrorCodeInternal", *s)
	}
	rec := newRecorder()
	r.l = newListenerAdapter(rec, nil)
	r.Invalidate("")
	r.Resume()
	r.Stop()
	for _, where := range []string{"Invalidate", "Resume", "Stop"} {
		if e := rec.next(t, "error"); e.code != ErrorCodeInternal || !strings.Contains(e.message, where) {
			t.Errorf("OnError(%d, %q), want ErrorCodeInternal from %s", e.code, e.message, where)
		}
	}
}

// memStore is a Store in memory.
type memStore struct {
	mu    sync.Mutex
	tok   *StoredToken
	saves int
	err   error
	panic bool
	saved chan struct{} // if set, gets a value at every Save
}

func (s *memStore) Load() (*StoredToken, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.panic {
		panic("keychain")
	}
	return s.tok, s.err
}

func (s *memStore) Save(t *StoredToken) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.saved != nil {
		defer func() {
			select {
			case s.saved <- struct{}{}:
			default:
			}
		}()
	}
	if s.panic {
		panic("keychain")
	}
	s.tok, s.saves = t, s.saves+1
	return s.err
}

// waitSaved waits (at most wait) for a Save; s.saved must be set.
func (s *memStore) waitSaved(t *testing.T) {
	t.Helper()
	select {
	case <-s.saved:
	case <-time.After(wait):
		t.Fatal("the token was never saved")
	}
}

// stored returns a copy of the last token saved; one must have been.
func (s *memStore) stored() StoredToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.tok
}

func TestStoreRoundTripReusesTheTokenWithoutAFetch(t *testing.T) {
	srv, n := tokenServer(t)
	store := &memStore{saved: make(chan struct{}, 1)}
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	cfg.SetStore(store)
	r := newStarted(t, cfg, nil)
	tok, err := r.Token(wait.Milliseconds())
	if err != nil {
		t.Fatal(err)
	}
	exp := r.Stats().ExpiresAtMs
	store.waitSaved(t)
	r.Stop()
	saved := store.stored()
	if saved.Value != tok || saved.ExpiresAtMs != exp || saved.IssuedAtMs == 0 || saved.IssuedAtMs >= exp {
		t.Fatalf("saved %+v, want the token %q expiring at %d with its issue time", saved, tok, exp)
	}

	rec := newRecorder()
	r2 := newStarted(t, cfg, rec)
	if got, err := r2.Token(wait.Milliseconds()); got != tok || err != nil { // Start does not wait for the Store
		t.Errorf("restarted Token = %q, %v; want the stored token", got, err)
	}
	if e := rec.next(t, "renew"); e.token != tok || e.at != exp {
		t.Errorf("OnRenewToken(%q, %d), want the stored token and expiry", e.token, e.at)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("server saw %d requests, want 1: the stored token needs none", got)
	}
}

func TestAFailingStoreDoesNotStopRenewal(t *testing.T) {
	for _, store := range []*memStore{{err: errors.New("keychain locked")}, {panic: true}} {
		srv, _ := tokenServer(t)
		cfg := NewConfig()
		cfg.SetURL(srv.URL)
		cfg.SetStore(store)
		r := newStarted(t, cfg, nil)
		if _, err := r.Token(wait.Milliseconds()); err != nil {
			t.Errorf("Token with a failing store (%+v): %v", store, err)
		}
		r.Stop()
	}
}

func TestStoreAdapterReportsFailuresWithCodes(t *testing.T) {
	a := storeAdapter{s: &memStore{err: errors.New("keychain locked")}}
	if _, err := a.Load(t.Context(), ""); codeFor(err) != ErrorCodeStore || !strings.Contains(err.Error(), "keychain locked") {
		t.Errorf("Load: %v, want ErrorCodeStore", err)
	}
	a = storeAdapter{s: &memStore{panic: true}}
	if err := a.Save(t.Context(), "", renewer.Token{Value: "v", ExpiresAt: time.Now().Add(time.Hour)}); codeFor(err) != ErrorCodeInternal {
		t.Errorf("Save: %v, want ErrorCodeInternal", err)
	}
	a = storeAdapter{s: &memStore{}}
	if tok, err := a.Load(t.Context(), ""); err != nil || tok.Value != "" {
		t.Errorf("Load of an empty store = %v, %v; want no token", tok, err)
	}
}

func TestStartTwiceFailsWithItsOwnCodeAndTheRenewerGoesOn(t *testing.T) {
	srv, _ := tokenServer(t)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	r := newStarted(t, cfg, nil)
	err := r.Start()
	if err == nil || CodeOf(err.Error()) != ErrorCodeAlreadyStarted {
		t.Errorf("second Start: %v, want ErrorCodeAlreadyStarted (%d)", err, ErrorCodeAlreadyStarted)
	}
	if tok, err := r.Token(wait.Milliseconds()); err != nil || tok != "tok-1" {
		t.Errorf("Token after the second Start = %q, %v; want tok-1", tok, err)
	}
}

func TestNoListenerCallAfterStop(t *testing.T) {
	srv, _ := tokenServer(t)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	rec := newRecorder()
	r := NewRenewer(cfg, rec)
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	rec.next(t, "renew")
	r.Stop()
	r.Invalidate("")
	r.Resume()
	if _, err := r.Refresh(1000); CodeOf(err.Error()) != ErrorCodeStopped {
		t.Errorf("Refresh after Stop: %v, want ErrorCodeStopped", err)
	}
	select {
	case <-r.r.Done():
	case <-time.After(wait):
		t.Fatal("renewer not quiet after Stop")
	}
	select {
	case e := <-rec.events:
		t.Errorf("listener called after Stop returned: %+v", e)
	default:
	}
}

// stopper is a Listener that stops its renewer from OnRenewToken.
type stopper struct {
	*recorder
	r       *Renewer
	stopped chan struct{}
}

func (s *stopper) OnRenewToken(*Token) error {
	s.r.Stop()
	close(s.stopped)
	return nil
}

func TestStopFromAListenerMethodReturnsAndStops(t *testing.T) {
	srv, _ := tokenServer(t)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	s := &stopper{recorder: newRecorder(), stopped: make(chan struct{})}
	r := NewRenewer(cfg, s)
	s.r = r
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.stopped:
	case <-time.After(wait):
		t.Fatal("Stop called from OnRenewToken did not return")
	}
	<-r.r.Done() // the Listener method that called Stop has returned
	r.Stop()     // later calls do nothing
	if _, err := r.Token(0); err == nil || CodeOf(err.Error()) != ErrorCodeStopped {
		t.Errorf("Token after Stop from a listener: %v, want ErrorCodeStopped", err)
	}
}

func TestCurrentCarriesEveryFieldTheProfileReturned(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"token":"room-token","user":"u-1","resources":[{"object":"room","reference":"lobby","permission":"join"}]}`)
	}))
	t.Cleanup(srv.Close)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	cfg.SetProfile("roomservice")
	cfg.SetRoom("lobby")
	r := newStarted(t, cfg, nil)
	if r.Current() != nil {
		t.Log("a token already")
	}
	if _, err := r.Token(wait.Milliseconds()); err != nil {
		t.Fatal(err)
	}
	cur := r.Current()
	if cur == nil || cur.Value != "room-token" || cur.ExpiresAtMs == 0 || cur.IssuedAtMs == 0 || cur.ExpirySource != "profile" {
		t.Fatalf("Current() = %+v", cur)
	}
	if !strings.Contains(cur.ExtraJSON, `"user":"u-1"`) || !strings.Contains(cur.ExtraJSON, `"reference":"lobby"`) {
		t.Errorf("ExtraJSON = %s; want the user and resources", cur.ExtraJSON)
	}
	if s := fmt.Sprintf("%v %+v %#v %s %d", cur, *cur, cur, cur, cur); strings.Contains(s, "room-token") {
		t.Errorf("a Token formats its value: %s", s)
	}
}

func TestCurrentKeepsTheRTMTokenOfAnRTEAnswer(t *testing.T) {
	tok := newToken(renewer.Token{Value: "rtc", ExpiresAt: time.Now().Add(time.Hour), Extra: map[string]any{"rtmToken": renewer.Secret("rtm")}})
	if got := tok.Secret("rtmToken"); got != "rtm" {
		t.Errorf("Secret(rtmToken) = %q; want the RTM token itself", got)
	}
}

// agoraToken builds a real Agora AccessToken2 for channel and uid.
func agoraToken(t *testing.T, channel, uid string) string {
	t.Helper()
	tok, err := rtc.BuildTokenWithAccount("970CA35de60c44645bbae8a215061b33", "5CFd2fd1755d40ecb72977518be15d3b", channel, uid, rtc.RolePublisher, 3600)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestASeedKeepsItsIssueTimeAndReachesTheListenerWhole(t *testing.T) {
	srv, _ := tokenServer(t)
	issued := time.Now().Add(-50 * time.Minute).UnixMilli()
	expires := time.Now().Add(10 * time.Minute).UnixMilli()
	seed := NewToken("seed-token", expires, issued)
	seed.ExtraJSON = `{"user":"u-1"}`
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	cfg.SetSeed(seed)
	rec := newRecorder()
	r2 := newStarted(t, cfg, rec)
	w := NewWait(wait.Milliseconds())
	got, err := r2.AwaitToken(w)
	if err != nil || w.Failure() != nil {
		t.Fatalf("AwaitToken = %v, %v, %v", got, err, w.Failure())
	}
	if got.Value != "seed-token" || got.IssuedAtMs != issued || got.ExpiresAtMs != expires || !strings.Contains(got.ExtraJSON, "u-1") {
		t.Errorf("AwaitToken = %+v; want the seed with its issue time and extras", *got)
	}
	if e := rec.next(t, "renew"); e.token != "seed-token" || e.issued != issued {
		t.Errorf("OnRenewToken got %q issued at %d; want the seed issued at %d", e.token, e.issued, issued)
	}
	// An hour-long token issued 50 min ago is past its renewal point (a
	// tenth of its lifetime, at least a minute, before expiry is 6 min;
	// without the issue time the lifetime would read as 10 min and the
	// renewal as 1 min before expiry, 9 min from now).
	if s := r2.Stats(); s.NextAttemptMs > time.Now().Add(7*time.Minute).UnixMilli() {
		t.Errorf("next attempt at %s, want no later than 6 min before expiry", time.UnixMilli(s.NextAttemptMs).Format(time.TimeOnly))
	}
}

// TestAwaitTokenEndsWhenCancelled: a wait the caller cancels is
// ErrorCodeCanceled, not a timeout and not a stopped renewer (which goes
// on), and one that runs out of time is ErrorCodeTimeout.
func TestAwaitTokenEndsWhenCancelled(t *testing.T) {
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-hang }))
	t.Cleanup(func() { close(hang); srv.Close() })
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	r := newStarted(t, cfg, nil)
	w := NewWait(0)
	done := make(chan error, 1)
	go func() {
		_, err := r.AwaitToken(w)
		done <- err
	}()
	w.Cancel()
	select {
	case err := <-done:
		if CodeOf(err.Error()) != ErrorCodeCanceled || w.Failure() == nil || w.Failure().Code != ErrorCodeCanceled {
			t.Errorf("AwaitToken after Cancel: %v, %v; want ErrorCodeCanceled", err, w.Failure())
		}
	case <-time.After(wait):
		t.Fatal("AwaitToken did not end on Cancel")
	}
	w.Cancel() // again: nothing
	var zero *Wait
	zero.Cancel()

	short := NewWait(50)
	if _, err := r.AwaitRefresh(short); CodeOf(err.Error()) != ErrorCodeTimeout || short.Failure().Code != ErrorCodeTimeout {
		t.Errorf("AwaitRefresh past its timeout: %v, %v; want ErrorCodeTimeout", err, short.Failure())
	}
	if _, err := r.Token(50); CodeOf(err.Error()) != ErrorCodeTimeout {
		t.Errorf("Token past its timeout: %v; want ErrorCodeTimeout", err)
	}
}

func TestAwaitTokenReportsAPermanentFailure(t *testing.T) {
	srv, _ := tokenServer(t)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	cfg.AddHeader("X-Deny", "1")
	r := newStarted(t, cfg, nil)
	w := NewWait(wait.Milliseconds())
	tok, err := r.AwaitToken(w)
	f := w.Failure()
	if tok != nil || err == nil || f == nil || f.Code != ErrorCodeUnauthorized || !f.Permanent {
		t.Fatalf("AwaitToken = %v, %v, %v; want a permanent ErrorCodeUnauthorized", tok, err, f)
	}
	if got := f.String(); !strings.HasPrefix(got, "tokenrenew error 4: ") || !strings.HasSuffix(got, "(permanent)") {
		t.Errorf("TokenError.String() = %q", got)
	}
}

func TestTokenStringNamesItsExpirySourceAndNoSecret(t *testing.T) {
	tok := newToken(renewer.Token{Value: "SECRET-v", ExpiresAt: time.Now().Add(time.Hour), ExpirySource: renewer.ExpiryToken,
		Extra: map[string]any{"rtmToken": renewer.Secret("SECRET-rtm")}})
	s := tok.String()
	if !strings.Contains(s, "from token") || strings.Contains(s, "SECRET") {
		t.Errorf("Token.String() = %q; want the expiry source and no secret", s)
	}
	if got := tok.token(); got.ExpirySource != renewer.ExpiryToken || got.Value != "SECRET-v" {
		t.Errorf("Token.token() = %v; want the value and the expiry source back", got)
	}
}

func TestAHeaderThatCannotBeSentFailsStartAsConfigWithoutItsValue(t *testing.T) {
	srv, n := tokenServer(t)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	cfg.AddHeader("X-Api-Key", "pasted-key\u2019")
	r := NewRenewer(cfg, nil)
	t.Cleanup(r.Stop)
	err := r.Start()
	if err == nil || CodeOf(err.Error()) != ErrorCodeConfig || !errors.Is(err, renewer.ErrInvalidHeader) {
		t.Fatalf("Start = %v; want ErrorCodeConfig (%d) matching renewer.ErrInvalidHeader", err, ErrorCodeConfig)
	}
	if !renewer.IsPermanent(err) || !strings.Contains(err.Error(), `"X-Api-Key"`) || strings.Contains(err.Error(), "pasted-key") {
		t.Errorf("Start = %v; want permanent, naming X-Api-Key without its value", err)
	}
	if n.Load() != 0 {
		t.Errorf("the token server was asked %d times", n.Load())
	}
}
