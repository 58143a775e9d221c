//go:build !js

package renewer_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// The fault suite runs a misbehaving token server on loopback, one case per
// fault, in real time: backoff and timeouts are configured small so that each
// case takes well under two seconds. Nothing asserts how fast anything is;
// lower bounds (a retry never comes before the wait the engine planned) are
// facts, not timings.

const (
	faultSeedValue  = "fault-seed-token-0001"
	faultMinGap     = 15 * time.Millisecond  // the least time between fetches, MinBackoff (20 ms), less clock slack
	faultTimeout    = 300 * time.Millisecond // RequestTimeout where a case waits for it to fire
	faultPatience   = 5 * time.Second        // RequestTimeout elsewhere: a loaded machine (-race, TLS) never reaches it
	faultWaitLimit  = 15 * time.Second       // a case that never gets there fails, it does not hang
	faultLifetimeCp = 7 * 24 * time.Hour
)

// faultServer is an httptest server that serves fault until up is set, and
// then fresh tokens, recording every request.
type faultServer struct {
	*httptest.Server
	up    atomic.Bool
	n     atomic.Int64
	mu    sync.Mutex
	times []time.Time
	hdrs  []http.Header
}

func newFaultServer(t *testing.T, fault http.HandlerFunc) *faultServer {
	t.Helper()
	s := &faultServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.n.Add(1)
		s.mu.Lock()
		s.times = append(s.times, time.Now())
		s.hdrs = append(s.hdrs, r.Header.Clone())
		s.mu.Unlock()
		if !s.up.Load() {
			fault(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"token":"fresh-token-%d","expires_in":3600}`, n)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *faultServer) requests() int { return int(s.n.Load()) }

func (s *faultServer) gaps() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var g []time.Duration
	for i := 1; i < len(s.times); i++ {
		g = append(g, s.times[i].Sub(s.times[i-1]))
	}
	return g
}

// faultListener records what the renewer reports, and signals changed
// after each event.
type faultListener struct {
	mu      sync.Mutex
	renewed []renewer.Token
	errs    []error
	expired []renewer.Token
	warned  []renewer.Token
	// errsAtExpiry is len(errs) when the first TokenExpired came.
	errsAtExpiry int
	changed      chan struct{} // capacity 1: at least one event since the last receive
}

func newFaultListener() *faultListener {
	return &faultListener{changed: make(chan struct{}, 1)}
}

// note signals an event; l.mu is held.
func (l *faultListener) note() {
	select {
	case l.changed <- struct{}{}:
	default:
	}
}

func (l *faultListener) TokenWillExpire(tok renewer.Token, _ time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.warned = append(l.warned, tok)
	l.note()
}

func (l *faultListener) RenewToken(tok renewer.Token) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.renewed = append(l.renewed, tok)
	l.note()
}

func (l *faultListener) TokenExpired(tok renewer.Token) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.expired) == 0 {
		l.errsAtExpiry = len(l.errs)
	}
	l.expired = append(l.expired, tok)
	l.note()
}

func (l *faultListener) Error(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, err)
	l.note()
}

func (l *faultListener) errors() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.errs...)
}

func (l *faultListener) renewals() []renewer.Token {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]renewer.Token(nil), l.renewed...)
}

// errorsAfterExpiry counts the errors reported after the first TokenExpired.
func (l *faultListener) errorsAfterExpiry() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.expired) == 0 {
		return 0
	}
	return len(l.errs) - l.errsAtExpiry
}

func (l *faultListener) expirations() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.expired)
}

// freshRenewals counts RenewToken events for tokens other than the seed.
func (l *faultListener) freshRenewals() int {
	n := 0
	for _, tok := range l.renewals() {
		if tok.Value != faultSeedValue {
			n++
		}
	}
	return n
}

// faultWait waits until cond, a condition on what l recorded, holds: it
// checks after each event l receives, and fails the test after
// faultWaitLimit.
func faultWait(t *testing.T, l *faultListener, what string, cond func() bool) {
	t.Helper()
	limit := time.NewTimer(faultWaitLimit)
	defer limit.Stop()
	for !cond() {
		select {
		case <-l.changed:
		case <-limit.C:
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// faultSeed is a token that is still valid for five minutes but already due
// for renewal, so the renewer fetches at once and must keep serving it while
// the server misbehaves.
func faultSeed() renewer.Token {
	now := time.Now()
	return renewer.Token{Value: faultSeedValue, IssuedAt: now.Add(-55 * time.Minute), ExpiresAt: now.Add(5 * time.Minute)}
}

// startFaultRenewer starts a renewer against url with the seed and small
// backoff and a RequestTimeout of faultPatience; edit changes the Config
// first.
func startFaultRenewer(t *testing.T, url string, edit func(*renewer.Config)) (*renewer.Renewer, *faultListener) {
	t.Helper()
	l := newFaultListener()
	cfg := renewer.Config{
		URL:            url,
		Seed:           faultSeed(),
		MinBackoff:     20 * time.Millisecond,
		MaxBackoff:     150 * time.Millisecond,
		RequestTimeout: faultPatience,
		Listener:       l,
	}
	if edit != nil {
		edit(&cfg)
	}
	r, err := renewer.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		r.Stop()
		<-r.Done()
	})
	return r, l
}

// currentValue returns the value Token serves, or "" with no valid token.
func currentValue(t *testing.T, r *renewer.Renewer) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	tok, err := r.Token(ctx)
	if err != nil {
		return ""
	}
	if !tok.ValidAt(time.Now()) {
		t.Errorf("Token returned an expired token (expired %v ago)", time.Since(tok.ExpiresAt))
	}
	return tok.Value
}

func isStatus(code int, retryAfter time.Duration) func(error) error {
	return func(err error) error {
		var se *renewer.StatusError
		switch {
		case !errors.As(err, &se):
			return fmt.Errorf("%v is not a *StatusError", err)
		case se.StatusCode != code:
			return fmt.Errorf("status %d, want %d", se.StatusCode, code)
		case se.RetryAfter != retryAfter:
			return fmt.Errorf("RetryAfter %v, want %v", se.RetryAfter, retryAfter)
		}
		return nil
	}
}

func isErr(target error) func(error) error {
	return func(err error) error {
		if !errors.Is(err, target) {
			return fmt.Errorf("%v is not %v", err, target)
		}
		return nil
	}
}

func isTimeout(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return nil
	}
	return fmt.Errorf("%v is not context.DeadlineExceeded", err)
}

func isBrokenBody(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "connection reset") {
		return nil
	}
	return fmt.Errorf("%v is neither io.ErrUnexpectedEOF nor a connection reset", err)
}

func status(code int, retryAfter string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		http.Error(w, http.StatusText(code), code)
	}
}

func body(s string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, s)
	}
}

func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

func resetMidBody(w http.ResponseWriter, r *http.Request) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"token\":\"partial")
	buf.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // a reset, not an orderly close
	}
	conn.Close()
}

func trickle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"token":"`)
	rc := http.NewResponseController(w)
	for {
		if rc.Flush() != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-time.After(40 * time.Millisecond):
		}
		io.WriteString(w, "a")
	}
}

func huge(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"token":"`)
	chunk := strings.Repeat("a", 64<<10)
	for range 64 { // 4 MiB
		if _, err := io.WriteString(w, chunk); err != nil {
			return
		}
	}
	io.WriteString(w, `"}`)
}

// TestFaultTransientServerFailures runs one case per transient fault: the
// renewer keeps serving the still-valid token, reports each failure with its
// type, retries with backoff (never sooner than planned), and takes a fresh
// token once the server recovers.
func TestFaultTransientServerFailures(t *testing.T) {
	past := time.Now().Add(-time.Hour).Unix()
	cases := []struct {
		name  string
		fault http.HandlerFunc
		check func(error) error
		// perAttempt is how many requests one attempt makes: transport
		// errors are retried quickly inside an attempt.
		perAttempt int
		// minGap is the least time between two requests.
		minGap time.Duration
		// timeout is RequestTimeout, for the cases that wait for it.
		timeout time.Duration
	}{
		{"500 is retried", status(500, ""), isStatus(500, 0), 1, faultMinGap, 0},
		{"502 without Retry-After is retried", status(502, ""), isStatus(502, 0), 1, faultMinGap, 0},
		{"503 without Retry-After is retried", status(503, ""), isStatus(503, 0), 1, faultMinGap, 0},
		{"502 with Retry-After waits as asked", status(502, "1"), isStatus(502, time.Second), 1, time.Second, 0},
		{"503 with Retry-After waits as asked", status(503, "1"), isStatus(503, time.Second), 1, time.Second, 0},
		{"429 with Retry-After waits as asked", status(429, "1"), isStatus(429, time.Second), 1, time.Second, 0},
		{"a request that hangs is cut by RequestTimeout", hang, isTimeout, 1, faultTimeout, faultTimeout},
		{"a body that trickles is cut by RequestTimeout", trickle, isTimeout, 1, faultTimeout, faultTimeout},
		{"a connection reset mid-body is retried", resetMidBody, isBrokenBody, 1, faultMinGap, 0},
		{"a body over the cap is refused", huge, isErr(renewer.ErrBodyTooLarge), 1, faultMinGap, 0},
		{"malformed JSON is retried", body(`{"token": "abc`), isErr(renewer.ErrMalformedResponse), 1, faultMinGap, 0},
		{"JSON without a token is retried", body(`{"status":"ok","expires_in":3600}`), isErr(renewer.ErrNoToken), 1, faultMinGap, 0},
		{"an empty token is retried", body(`{"token":"","expires_in":3600}`), isErr(renewer.ErrNoToken), 1, faultMinGap, 0},
		{"a token with control characters is refused", body(`{"token":"abc\u0007def","expires_in":3600}`), isErr(renewer.ErrInvalidToken), 1, faultMinGap, 0},
		{"an expiry in the past is refused", body(fmt.Sprintf(`{"token":"stale-token","expires_at":%d}`, past)), isErr(renewer.ErrAlreadyExpired), 1, faultMinGap, 0},
		{"a negative lifetime is refused", body(`{"token":"stale-token","expires_in":-5}`), isErr(renewer.ErrAlreadyExpired), 1, faultMinGap, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newFaultServer(t, tc.fault)
			r, l := startFaultRenewer(t, srv.URL, func(c *renewer.Config) {
				if tc.timeout > 0 {
					c.RequestTimeout = tc.timeout
				}
			})
			const bad = 2
			faultWait(t, l, "two failures", func() bool { return len(l.errors()) >= bad })
			if got := currentValue(t, r); got != faultSeedValue {
				t.Fatalf("while the server fails Token serves %q, want the still-valid seed", got)
			}
			if s := r.Stats(); !s.Valid || s.Waiting || s.LastError == nil {
				t.Errorf("Stats while failing = %+v, want valid, retrying, with LastError", s)
			}
			srv.up.Store(true)
			faultWait(t, l, "recovery", func() bool { return l.freshRenewals() == 1 })

			errs := l.errors()
			for i, err := range errs {
				if err := tc.check(err); err != nil {
					t.Errorf("error %d: %v", i, err)
				}
				if renewer.IsPermanent(err) {
					t.Errorf("error %d (%v) is permanent; want it retried", i, err)
				}
			}
			if got, want := srv.requests(), (len(errs)+1)*tc.perAttempt; got != want {
				t.Errorf("%d requests for %d failures and one success, want %d", got, len(errs), want)
			}
			for i, g := range srv.gaps() {
				if g < tc.minGap {
					t.Errorf("request %d came %v after the previous one; the engine planned at least %v", i+2, g, tc.minGap)
				}
			}
			if got := currentValue(t, r); !strings.HasPrefix(got, "fresh-token-") {
				t.Errorf("after recovery Token serves %q, want a fresh token", got)
			}
			if s := r.Stats(); s.Renewals != 1 || s.Failures != int64(len(errs)) || s.ConsecutiveFailures != 0 || s.LastError != nil {
				t.Errorf("Stats after recovery = %+v, want 1 renewal and %d failures, cleared", s, len(errs))
			}
			if n := l.expirations(); n != 0 {
				t.Errorf("TokenExpired fired %d times; the seed never expired", n)
			}
		})
	}
}

// TestFaultPermanentRefusals: 401 and 403 are reported once, as the right
// condition and *StatusError, with no retry, while the still-valid token is
// served; Resume tries again.
func TestFaultPermanentRefusals(t *testing.T) {
	for _, tc := range []struct {
		code   int
		target error
	}{{401, renewer.ErrUnauthorized}, {403, renewer.ErrForbidden}} {
		t.Run(fmt.Sprint(tc.code, " is permanent"), func(t *testing.T) {
			t.Parallel()
			srv := newFaultServer(t, status(tc.code, ""))
			r, l := startFaultRenewer(t, srv.URL, nil)
			faultWait(t, l, "the refusal", func() bool { return len(l.errors()) == 1 })
			err := l.errors()[0]
			var se *renewer.StatusError
			if !errors.Is(err, tc.target) || !errors.As(err, &se) || se.StatusCode != tc.code || !renewer.IsPermanent(err) {
				t.Fatalf("error %v: want permanent %v as *StatusError %d", err, tc.target, tc.code)
			}
			s := r.Stats()
			if !s.Waiting || !s.NextAttempt.IsZero() {
				t.Errorf("Stats after refusal = %+v, want waiting with no attempt planned", s)
			}
			if n := srv.requests(); n != 1 {
				t.Errorf("%d requests after a permanent refusal, want 1", n)
			}
			if got := currentValue(t, r); got != faultSeedValue {
				t.Errorf("after refusal Token serves %q, want the still-valid seed", got)
			}
			srv.up.Store(true)
			r.Resume()
			faultWait(t, l, "recovery after Resume", func() bool { return l.freshRenewals() == 1 })
			if n := len(l.errors()); n != 1 {
				t.Errorf("%d errors reported, want the refusal once", n)
			}
		})
	}
}

// TestFaultSameTokenAgainBacksOff: a server (an upstream cache) handing back
// the token the renewer already holds is not progress; the renewer backs off
// instead of looping, and takes the next real token.
func TestFaultSameTokenAgainBacksOff(t *testing.T) {
	seed := faultSeed()
	seed.ExpiresAt = seed.ExpiresAt.Truncate(time.Second)
	srv := newFaultServer(t, body(fmt.Sprintf(`{"token":%q,"expires_at":%d}`, seed.Value, seed.ExpiresAt.Unix())))
	r, l := startFaultRenewer(t, srv.URL, func(c *renewer.Config) { c.Seed = seed })
	faultWait(t, l, "three no-progress answers", func() bool { return len(l.errors()) >= 3 })
	srv.up.Store(true)
	faultWait(t, l, "recovery", func() bool { return l.freshRenewals() == 1 })
	errs := l.errors()
	for i, err := range errs {
		if !errors.Is(err, renewer.ErrNoProgress) || renewer.IsPermanent(err) {
			t.Errorf("error %d = %v, want transient ErrNoProgress", i, err)
		}
	}
	if n := srv.requests(); n != len(errs)+1 {
		t.Errorf("%d requests for %d no-progress answers and one success", n, len(errs))
	}
	for i, g := range srv.gaps() {
		if g < faultMinGap {
			t.Errorf("request %d came %v after the previous: a loop, not a backoff", i+2, g)
		}
	}
	if got := currentValue(t, r); !strings.HasPrefix(got, "fresh-token-") {
		t.Errorf("Token serves %q after recovery", got)
	}
}

// TestFaultAbsurdExpiryIsCut: an expiry in the year 9999 is not believed;
// the lifetime is cut to the engine's maximum of seven days.
func TestFaultAbsurdExpiryIsCut(t *testing.T) {
	srv := newFaultServer(t, body(`{"token":"forever-token","expires_at":253402300799}`))
	before := time.Now()
	_, l := startFaultRenewer(t, srv.URL, func(c *renewer.Config) { c.Seed = renewer.Token{} })
	faultWait(t, l, "the token", func() bool { return len(l.renewals()) == 1 })
	after := time.Now()
	tok := l.renewals()[0]
	if tok.ExpiresAt.Before(before.Add(faultLifetimeCp)) || tok.ExpiresAt.After(after.Add(faultLifetimeCp)) {
		t.Errorf("expiry %v, want seven days after the request (%v)", tok.ExpiresAt, before.Add(faultLifetimeCp))
	}
	if tok.ExpiresAt.Year() == 9999 {
		t.Error("the year-9999 expiry was believed")
	}
}

// TestFaultDateHeaderAnHourOff: an absolute expiry by a server clock an hour
// ahead or behind lands at the right local expiry, corrected by the Date
// header's offset.
func TestFaultDateHeaderAnHourOff(t *testing.T) {
	for _, off := range []time.Duration{time.Hour, -time.Hour} {
		t.Run(fmt.Sprint("server clock off by ", off), func(t *testing.T) {
			t.Parallel()
			srv := newFaultServer(t, func(w http.ResponseWriter, r *http.Request) {
				server := time.Now().Add(off)
				w.Header().Set("Date", server.UTC().Format(http.TimeFormat))
				body(fmt.Sprintf(`{"token":"skewed-token","expires_at":%d}`, server.Add(10*time.Minute).Unix()))(w, r)
			})
			before := time.Now()
			r, l := startFaultRenewer(t, srv.URL, func(c *renewer.Config) { c.Seed = renewer.Token{} })
			faultWait(t, l, "the token", func() bool { return len(l.renewals()) == 1 })
			after := time.Now()
			got := l.renewals()[0].ExpiresAt
			// Date and expires_at have one-second resolution.
			lo, hi := before.Add(10*time.Minute-2*time.Second), after.Add(10*time.Minute+2*time.Second)
			if got.Before(lo) || got.After(hi) {
				t.Errorf("local expiry %v is %v from now, want 10m", got, got.Sub(after))
			}
			if v := currentValue(t, r); v != "skewed-token" {
				t.Errorf("Token serves %q, want the skewed-clock token", v)
			}
		})
	}
}

// TestFaultRedirectToAnotherHostDropsHeaders: the app's configured headers
// reach the configured server but not the host it redirects to.
func TestFaultRedirectToAnotherHostDropsHeaders(t *testing.T) {
	other := newFaultServer(t, nil)
	other.up.Store(true)
	_, port, _ := net.SplitHostPort(other.Listener.Addr().String())
	first := newFaultServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://localhost:"+port+"/token", http.StatusFound)
	})
	secrets := map[string]string{
		"Authorization": "Bearer hdr-secret-authorization",
		"X-Api-Key":     "hdr-secret-api-key",
		"Cookie":        "session=hdr-secret-cookie",
	}
	r, l := startFaultRenewer(t, first.URL, func(c *renewer.Config) { c.Header = secrets; c.Seed = renewer.Token{} })
	faultWait(t, l, "the token from the other host", func() bool { return len(l.renewals()) == 1 })
	if got := currentValue(t, r); !strings.HasPrefix(got, "fresh-token-") {
		t.Fatalf("Token serves %q, want the other host's token", got)
	}
	first.mu.Lock()
	other.mu.Lock()
	defer first.mu.Unlock()
	defer other.mu.Unlock()
	for name, v := range secrets {
		if got := first.hdrs[0].Get(name); got != v {
			t.Errorf("configured server got %s %q, want %q", name, got, v)
		}
		if got := other.hdrs[0].Get(name); got != "" {
			t.Errorf("redirect target on another host got %s %q", name, got)
		}
	}
}

// TestFaultRedirectToPlainHTTPIsRefused: a redirect from loopback to plain
// http on another host is refused before any connection, permanently.
func TestFaultRedirectToPlainHTTPIsRefused(t *testing.T) {
	srv := newFaultServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://tokens.example.invalid/token", http.StatusFound)
	})
	r, l := startFaultRenewer(t, srv.URL, nil)
	faultWait(t, l, "the refusal", func() bool { return len(l.errors()) == 1 })
	if err := l.errors()[0]; !errors.Is(err, renewer.ErrInsecureURL) || !renewer.IsPermanent(err) {
		t.Errorf("error %v, want permanent ErrInsecureURL", err)
	}
	if s := r.Stats(); !s.Waiting || s.Fetches != 1 {
		t.Errorf("Stats = %+v, want one fetch, then waiting", s)
	}
}

// TestFaultPlainHTTPToAnotherHostIsRefused: New refuses plain http to a host
// that is not loopback, with no network at all.
func TestFaultPlainHTTPToAnotherHostIsRefused(t *testing.T) {
	for _, u := range []string{"http://tokens.example.com/token", "http://10.0.0.1/token", "http://[2001:db8::1]/token", "http://127.example.com/token"} {
		_, err := renewer.New(renewer.Config{URL: u})
		if !errors.Is(err, renewer.ErrInsecureURL) || !renewer.IsPermanent(err) {
			t.Errorf("New(%s) = %v, want permanent ErrInsecureURL", u, err)
		}
	}
	for _, u := range []string{"http://127.0.0.1:8080/token", "http://[::1]/token", "http://localhost/token", "https://tokens.example.com/token"} {
		if _, err := renewer.New(renewer.Config{URL: u}); err != nil {
			t.Errorf("New(%s) = %v, want it accepted", u, err)
		}
	}
}

// TestFaultUntrustedCertificateIsPermanent: a certificate the client does
// not trust fails once, permanently, on exactly one connection.
func TestFaultUntrustedCertificateIsPermanent(t *testing.T) {
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(body(`{"token":"never-served"}`))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	r, l := startFaultRenewer(t, srv.URL, nil)
	faultWait(t, l, "the failure", func() bool { return len(l.errors()) == 1 })
	err := l.errors()[0]
	var cve *tls.CertificateVerificationError
	if !errors.As(err, &cve) || !renewer.IsPermanent(err) {
		t.Errorf("error %v, want a permanent *tls.CertificateVerificationError", err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections, want exactly 1 (no retry)", n)
	}
	if s := r.Stats(); !s.Waiting || s.Fetches != 1 || !s.NextAttempt.IsZero() {
		t.Errorf("Stats = %+v, want one fetch, then waiting with no attempt planned", s)
	}
	if got := currentValue(t, r); got != faultSeedValue {
		t.Errorf("Token serves %q, want the still-valid seed", got)
	}
}

// TestFaultServerDownLongerThanALifetime: the token expires while the
// server is down; TokenExpired fires exactly once, the expired token is
// never served, and the renewer recovers when the server is back.
func TestFaultServerDownLongerThanALifetime(t *testing.T) {
	srv := newFaultServer(t, status(503, ""))
	now := time.Now()
	seed := renewer.Token{Value: faultSeedValue, IssuedAt: now.Add(-time.Minute), ExpiresAt: now.Add(600 * time.Millisecond)}
	r, l := startFaultRenewer(t, srv.URL, func(c *renewer.Config) { c.Seed = seed })
	faultWait(t, l, "expiry", func() bool { return l.expirations() == 1 })
	if got := currentValue(t, r); got != "" {
		t.Fatalf("after expiry Token serves %q; an expired token must not be served", got)
	}
	faultWait(t, l, "more failed retries after expiry", func() bool { return l.errorsAfterExpiry() >= 4 })
	srv.up.Store(true)
	faultWait(t, l, "recovery", func() bool { return l.freshRenewals() == 1 })
	if got := currentValue(t, r); !strings.HasPrefix(got, "fresh-token-") {
		t.Errorf("after recovery Token serves %q", got)
	}
	if n := l.expirations(); n != 1 {
		t.Errorf("TokenExpired fired %d times, want once", n)
	}
	for i, g := range srv.gaps() {
		if g < faultMinGap {
			t.Errorf("request %d came %v after the previous one", i+2, g)
		}
	}
	if s := r.Stats(); s.Expirations != 1 || !s.Valid {
		t.Errorf("Stats = %+v, want one expiration, valid again", s)
	}
}

// TestFaultSwitchingProtocolsThenSilence: a server that answers 101 and
// then says nothing does not wedge the renewer: the answer is reported as a
// permanent *StatusError, Stop returns, and once the server is fixed a
// later Refresh gets a token.
func TestFaultSwitchingProtocolsThenSilence(t *testing.T) {
	var held sync.Map
	srv := newFaultServer(t, func(w http.ResponseWriter, r *http.Request) {
		c, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		held.Store(c, true)
		buf.WriteString("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
		buf.Flush()
	})
	t.Cleanup(func() { held.Range(func(c, _ any) bool { c.(net.Conn).Close(); return true }) })
	r, l := startFaultRenewer(t, srv.URL, nil)
	faultWait(t, l, "the refusal", func() bool { return len(l.errors()) == 1 })
	if err := l.errors()[0]; isStatus(101, 0)(err) != nil || !renewer.IsPermanent(err) {
		t.Errorf("error %v, want a permanent *StatusError for 101", err)
	}
	if got := currentValue(t, r); got != faultSeedValue {
		t.Errorf("Token serves %q, want the still-valid seed", got)
	}
	srv.up.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), faultWaitLimit)
	defer cancel()
	if tok, err := r.Refresh(ctx); err != nil || !strings.HasPrefix(tok.Value, "fresh-token-") {
		t.Errorf("Refresh after the fix = %v, %v", tok, err)
	}
	r.Stop()
}

// TestFaultRedirectLoopIsPermanent: a server redirecting to itself is
// reported once as ErrRedirect, permanently, after one request.
func TestFaultRedirectLoopIsPermanent(t *testing.T) {
	srv := newFaultServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	})
	r, l := startFaultRenewer(t, srv.URL+"/token", nil)
	faultWait(t, l, "the refusal", func() bool { return len(l.errors()) == 1 })
	if err := l.errors()[0]; !errors.Is(err, renewer.ErrRedirect) || !renewer.IsPermanent(err) {
		t.Errorf("error %v, want permanent ErrRedirect", err)
	}
	if n := srv.requests(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	if s := r.Stats(); !s.Waiting || s.Fetches != 1 || !s.NextAttempt.IsZero() {
		t.Errorf("Stats = %+v, want one fetch, then waiting with no attempt planned", s)
	}
}

// TestFaultHTTPSToAPlainHTTPServerIsPermanent: an https URL whose server
// speaks plain HTTP fails once, permanently (http.ErrSchemeMismatch).
func TestFaultHTTPSToAPlainHTTPServerIsPermanent(t *testing.T) {
	srv := newFaultServer(t, nil)
	srv.up.Store(true)
	r, l := startFaultRenewer(t, strings.Replace(srv.URL, "http:", "https:", 1), nil)
	faultWait(t, l, "the failure", func() bool { return len(l.errors()) == 1 })
	if err := l.errors()[0]; !errors.Is(err, http.ErrSchemeMismatch) || !renewer.IsPermanent(err) {
		t.Errorf("error %v, want permanent http.ErrSchemeMismatch", err)
	}
	if s := r.Stats(); !s.Waiting || s.Fetches != 1 || !s.NextAttempt.IsZero() {
		t.Errorf("Stats = %+v, want one fetch, then waiting with no attempt planned", s)
	}
}

// TestFaultTinyTokensAreFailuresNotAStorm: a server minting tokens that
// live 50 ms is answered at the retry pace: each token is reported with
// ErrShortLifetime, fetches keep MinBackoff apart and at most 15 start in
// any window of 60 MinBackoffs.
func TestFaultTinyTokensAreFailuresNotAStorm(t *testing.T) {
	var n atomic.Int32
	srv := newFaultServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"token":"tiny-token-%d","expires_in":0.05}`, n.Add(1))
	})
	const minBackoff = 20 * time.Millisecond
	r, l := startFaultRenewer(t, srv.URL, func(c *renewer.Config) { c.Seed = renewer.Token{} })
	faultWait(t, l, "20 short-lived tokens reported", func() bool { return len(l.errors()) >= 20 })
	r.Stop()
	for i, err := range l.errors() {
		if !errors.Is(err, renewer.ErrShortLifetime) || renewer.IsPermanent(err) {
			t.Errorf("error %d = %v; want a transient ErrShortLifetime", i, err)
		}
	}
	srv.mu.Lock()
	times := append([]time.Time(nil), srv.times...)
	srv.mu.Unlock()
	window := 60 * minBackoff
	for i := range times {
		if k := i + maxFailingFetches; k < len(times) && times[k].Sub(times[i]) < window-faultMinGap {
			t.Errorf("%d requests within %v; want at most %d per %v", maxFailingFetches+1,
				times[k].Sub(times[i]), maxFailingFetches, window)
			break
		}
	}
	for i, g := range srv.gaps() {
		if g < faultMinGap {
			t.Errorf("request %d came %v after the previous one", i+2, g)
		}
	}
}
