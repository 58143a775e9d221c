package renewertest_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/agora"
	"github.com/tokenrenew/tokenrenew/renewer/dolby"
	"github.com/tokenrenew/tokenrenew/renewer/renewertest"
	"github.com/tokenrenew/tokenrenew/renewer/roomservice"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// events is a Listener that keeps what an app would see, with the time
// since start, and hands every error to a channel as well.
type events struct {
	start  time.Time
	mu     sync.Mutex
	log    []string
	tokens []renewer.Token
	errs   chan error
	renews chan renewer.Token
}

func newEvents() *events {
	return &events{start: time.Now(), errs: make(chan error, 1000), renews: make(chan renewer.Token, 1000)}
}

func (e *events) add(s string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.log = append(e.log, time.Since(e.start).Round(time.Second).String()+" "+s)
}

func (e *events) RenewToken(tok renewer.Token) {
	e.mu.Lock()
	e.tokens = append(e.tokens, tok)
	e.mu.Unlock()
	e.add("renew")
	select {
	case e.renews <- tok:
	default:
	}
}
func (e *events) TokenWillExpire(_ renewer.Token, left time.Duration) { e.add("warn " + left.String()) }
func (e *events) TokenExpired(renewer.Token)                          { e.add("expired") }
func (e *events) Error(err error) {
	e.add("error " + renewer.Code(err))
	select {
	case e.errs <- err:
	default:
	}
}

func (e *events) count(prefix string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, l := range e.log {
		if _, ev, _ := strings.Cut(l, " "); strings.HasPrefix(ev, prefix) {
			n++
		}
	}
	return n
}

// startRenewer starts a renewer for cfg, stopped when the test ends.
func startRenewer(t *testing.T, cfg renewer.Config) *renewer.Renewer {
	t.Helper()
	r, err := renewer.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		r.Stop()
		<-r.Done()
	})
	return r
}

// A day of renewals of every profile against a server that goes down, is
// slow, throttles, repeats itself and skews its clock: inside synctest the
// day takes milliseconds, and the app always holds a valid token.
func TestADayOfEveryProfileInSynctest(t *testing.T) {
	profiles := []struct {
		name    string
		url     string
		profile renewer.Profile
	}{
		{"agora", renewertest.URL, agora.Profile{Channel: "lobby", UID: "42"}},
		{"agora legacy", renewertest.URL, agora.Profile{Channel: "lobby", UID: "42", Legacy: true}},
		{"dolby", renewertest.URL + "/token", dolby.Profile{}},
		{"room service", renewertest.URL + "/auth", roomservice.Profile{Room: "lobby"}},
		{"json", renewertest.URL + "/json", renewer.JSON{}},
		{"text", renewertest.URL + "/text", renewer.Text{}},
	}
	// The day's first eight hours: ten minutes down across the first
	// renewal, then two slow hours.
	morning := renewertest.MustParseScript(`
		1h45m-1h55m outage
		4h-6h latency 3s
	`)
	// From eight hours on: the next renewal meets three 503s asking for
	// two minutes each, then an upstream cache handing back the same
	// token; from fifteen hours on the server's clock runs three minutes
	// fast.
	evening := renewertest.MustParseScript(`
		req 1-3 status 503 retry-after 2m
		req 4 repeat
		7h- skew 3m
	`)
	for _, p := range profiles {
		t.Run(p.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := renewertest.NewServer(renewertest.Options{TTL: 2 * time.Hour, Script: morning})
				ev := newEvents()
				r := startRenewer(t, renewer.Config{
					URL: p.url, Profile: p.profile, Transport: srv.Transport(), Listener: ev,
				})
				for m := range 24 * 60 {
					if m == 8*60 {
						srv.SetScript(evening)
					}
					time.Sleep(time.Minute)
					tok, err := r.Token(t.Context())
					if err != nil || !tok.ValidAt(time.Now()) {
						t.Fatalf("at %v: no valid token (%v); events: %v", time.Since(ev.start), err, ev.log)
					}
				}
				s := r.Stats()
				if n := ev.count("expired") + ev.count("warn"); n != 0 {
					t.Errorf("%d warnings or expiries; events: %v", n, ev.log)
				}
				// About 12 renewals of two-hour tokens; the outage, the 503s
				// and the repeat cost failures, retried until they pass.
				if s.Renewals < 12 || s.Renewals > 20 || s.Failures < 5 || s.Failures > 60 {
					t.Errorf("%d renewals and %d failures in a day; events: %v", s.Renewals, s.Failures, ev.log)
				}
				for _, code := range []string{"network", "http_status", "no_progress"} {
					if ev.count("error "+code) == 0 {
						t.Errorf("no %s error in a day; events: %v", code, ev.log)
					}
				}
			})
		})
	}
}

// Each fault, through the in-memory transport under synctest and through a
// real loopback server with the native transport, is the failure the
// renewer reports for it.
func TestEachFaultIsTheFailureItImitates(t *testing.T) {
	cases := []struct {
		script    string
		code      string
		permanent bool
		check     func(t *testing.T, err error)
	}{
		{script: "always outage", code: "network", check: func(t *testing.T, err error) {
			if got := err.Error(); strings.Contains(got, "tokens.localhost") {
				t.Errorf("error names the URL: %s", got)
			}
		}},
		{script: "always upgrade", code: "http_status", permanent: true, check: wantStatus(101, 0)},
		{script: "always redirect-loop", code: "redirect", permanent: true},
		{script: "always status 503 retry-after 7s", code: "http_status", check: wantStatus(503, 7*time.Second)},
		{script: "always status 500", code: "http_status", check: wantStatus(500, 0)},
		{script: "always revoke", code: "unauthorized", permanent: true, check: wantStatus(401, 0)},
		// 1.5 s: a JWT's exp has whole seconds, so a 1 s token can arrive expired.
		{script: "always lifetime 1500ms", code: "short_lifetime"},
		{script: "req 2- repeat", code: "no_progress"},
	}
	for _, c := range cases {
		check := func(t *testing.T, err error) {
			t.Helper()
			if got := renewer.Code(err); got != c.code || renewer.IsPermanent(err) != c.permanent {
				t.Fatalf("%v: code %q permanent %v, want %q %v", err, got, renewer.IsPermanent(err), c.code, c.permanent)
			}
			if c.check != nil {
				c.check(t, err)
			}
		}
		t.Run(c.script+" in memory", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := renewertest.NewServer(renewertest.Options{Script: renewertest.MustParseScript(c.script)})
				check(t, firstError(t, renewertest.URL, srv.Transport()))
			})
		})
		t.Run(c.script+" over loopback", func(t *testing.T) {
			hs := httptest.NewServer(renewertest.NewServer(renewertest.Options{Script: renewertest.MustParseScript(c.script)}))
			defer hs.Close()
			check(t, firstError(t, hs.URL, nil))
		})
	}
}

// wantStatus checks that err is a StatusError with status and retryAfter.
func wantStatus(status int, retryAfter time.Duration) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var se *renewer.StatusError
		if !errors.As(err, &se) || se.StatusCode != status || se.RetryAfter != retryAfter {
			t.Errorf("%v: want a StatusError %d with Retry-After %v", err, status, retryAfter)
		}
	}
}

// firstError starts an Agora renewer on url and returns the first error it
// reports, calling Refresh once the first token has come.
func firstError(t *testing.T, url string, tr renewer.Transport) error {
	t.Helper()
	ev := newEvents()
	r := startRenewer(t, renewer.Config{
		URL: url, Profile: agora.Profile{Channel: "lobby", UID: "42"}, Transport: tr, Listener: ev,
		MinBackoff: 10 * time.Millisecond,
	})
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	select {
	case err := <-ev.errs:
		return err
	case <-ev.renews:
		_, _ = r.Refresh(ctx)
	case <-ctx.Done():
	}
	select {
	case err := <-ev.errs:
		return err
	case <-ctx.Done():
		t.Fatalf("no error reported; events %v", ev.log)
		return nil
	}
}

// Latency delays the answer by exactly its duration on the fake clock, and a
// skewed server clock is corrected by the Date header.
func TestLatencyAndSkewInSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := renewertest.NewServer(renewertest.Options{Script: renewertest.MustParseScript("always latency 5s skew 1h")})
		var took time.Duration
		r := startRenewer(t, renewer.Config{
			URL: renewertest.URL + "/json", Profile: renewer.JSON{}, Transport: srv.Transport(),
			OnFetch: func(fi renewer.FetchInfo) { took = fi.Duration },
		})
		start := time.Now()
		tok, err := r.Token(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if took != 5*time.Second || time.Since(start) != 5*time.Second {
			t.Errorf("the fetch took %v (%v by the clock), want 5s", took, time.Since(start))
		}
		// The server says the token expires at its 2h (its clock is an
		// hour ahead); the renewer's copy expires an hour from now.
		if d := time.Until(tok.ExpiresAt); d < time.Hour-2*time.Second || d > time.Hour {
			t.Errorf("token expires in %v, want 1h: the skew was not corrected", d)
		}
	})
}

// The in-memory transport leaves no goroutine behind when the caller gives
// up on a silent server, and answers 101 at once.
func TestTransportRoundTripEndsWithItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := renewertest.NewServer(renewertest.Options{Script: renewertest.MustParseScript("always latency 1h")})
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		_, err := srv.Transport().RoundTrip(ctx, &renewer.Request{Method: "GET", URL: renewertest.URL + "/token"})
		if !errors.Is(err, context.DeadlineExceeded) || renewer.Code(err) != "timeout" {
			t.Errorf("got %v, want a timeout", err)
		}
		srv.SetScript(renewertest.MustParseScript("always upgrade"))
		resp, err := srv.Transport().RoundTrip(t.Context(), &renewer.Request{Method: "GET", URL: renewertest.URL + "/token"})
		if err != nil || resp.StatusCode != 101 || len(resp.Body) != 0 {
			t.Errorf("got %v, %v; want a bare 101", resp, err)
		}
	})
}

// Request windows count token requests from 1 and time windows count from
// the script's start; rules on another route do not apply.
func TestScriptWindows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := renewertest.NewServer(renewertest.Options{Script: renewertest.MustParseScript(`
			req 2-3 status 503
			10m-20m status 502
			route dolby status 404
		`)})
		tr := srv.Transport()
		get := func() int {
			resp, err := tr.RoundTrip(t.Context(), &renewer.Request{Method: "GET", URL: renewertest.URL + "/json"})
			if err != nil {
				t.Fatal(err)
			}
			return resp.StatusCode
		}
		var got []int
		for range 4 {
			got = append(got, get())
		}
		time.Sleep(10 * time.Minute)
		got = append(got, get())
		time.Sleep(10 * time.Minute)
		got = append(got, get())
		want := []int{200, 503, 503, 200, 502, 200}
		if !slices.Equal(got, want) {
			t.Errorf("statuses %v, want %v", got, want)
		}
		if total, by := srv.Requests(); total != 6 || by["json"] != 6 {
			t.Errorf("requests %d %v, want 6 on json", total, by)
		}
	})
}

// A Server made outside the bubble still runs its script, from the first
// request the bubble makes: synctest's clock starts in the past.
func TestServerMadeOutsideTheBubble(t *testing.T) {
	srv := renewertest.NewServer(renewertest.Options{Script: renewertest.MustParseScript("req 1 status 503\n10m- status 502")})
	synctest.Test(t, func(t *testing.T) {
		for _, want := range []int{503, 200, 502} {
			resp, err := srv.Transport().RoundTrip(t.Context(), &renewer.Request{Method: "GET", URL: renewertest.URL + "/json"})
			if err != nil || resp.StatusCode != want {
				t.Fatalf("got %v, %v; want %d", resp, err, want)
			}
			time.Sleep(5 * time.Minute)
		}
	})
}
