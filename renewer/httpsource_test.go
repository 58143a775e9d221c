package renewer

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/httpsource"
	"github.com/tokenrenew/tokenrenew/internal/wire"
)

// serve starts a loopback token server answering with h.
func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func fetchOnce(t *testing.T, cfg Config) (Token, error) {
	t.Helper()
	cfg = cfg.withDefaults()
	s, err := newHTTPSource(cfg, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.Fetch(ctx)
}

func TestHTTPExpiresInCountsFromWhenTheRequestWasSent(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"access_token":"abc.def","expires_in":120}`)
	})
	before := time.Now()
	tok, err := fetchOnce(t, Config{URL: srv.URL})
	after := time.Now()
	if err != nil {
		t.Fatal(err)
	}
	if tok.Value != "abc.def" || tok.ExpirySource != ExpiryResponse {
		t.Errorf("token %v", tok)
	}
	if tok.ExpiresAt.Before(before.Add(120*time.Second).Round(0)) || tok.ExpiresAt.After(after.Add(120*time.Second)) {
		t.Errorf("expires %v; want 120 s after the request was sent (%v)", tok.ExpiresAt, before)
	}
}

// TestHTTPAbsoluteExpiryIsCorrectedByTheDateHeader: a server clock an hour
// ahead is corrected at the first answer; one an hour behind (a local clock
// an hour fast, by which the token has expired) once a second, fresh answer
// confirms it.
func TestHTTPAbsoluteExpiryIsCorrectedByTheDateHeader(t *testing.T) {
	for _, skew := range []time.Duration{time.Hour, -time.Hour, 0} {
		t.Run(skew.String(), func(t *testing.T) {
			var clock shiftedClock
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				server := clock.now().Add(skew)
				w.Header().Set("Date", server.UTC().Format(http.TimeFormat))
				io.WriteString(w, `{"token":"t","expires_at":`+strconv.FormatInt(server.Add(10*time.Minute).Unix(), 10)+`}`)
			})
			s, err := newHTTPSource(Config{URL: srv.URL}.withDefaults(), clock.now)
			if err != nil {
				t.Fatal(err)
			}
			ctx := waitCtx(t, 5*time.Second)
			before := clock.now()
			tok, err := s.Fetch(ctx)
			if skew < 0 {
				if !errors.Is(err, ErrAlreadyExpired) {
					t.Fatalf("the first answer gave %v, %v; want ErrAlreadyExpired until a second answer confirms the skew", tok, err)
				}
				clock.sleep(time.Second)
				before = clock.now()
				tok, err = s.Fetch(ctx)
			}
			if err != nil {
				t.Fatal(err)
			}
			// Ten minutes from the fetch, on the local clock; the server's
			// times are whole seconds, so up to a second early. Bracketed by
			// the clock read before and after the fetch, not by a tolerance
			// that a slow run could outlast.
			lo, hi := before.Add(10*time.Minute-time.Second), clock.now().Add(10*time.Minute)
			if tok.ExpiresAt.Before(lo) || tok.ExpiresAt.After(hi) {
				t.Errorf("expires %v; want between %v and %v (server clock %v off)", tok.ExpiresAt, lo, hi, skew)
			}
		})
	}
}

func TestHTTPExpiryFallsBackToFallbackTTL(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "opaque-token\n") })
	tok, err := fetchOnce(t, Config{URL: srv.URL, FallbackTTL: 7 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Value != "opaque-token" || tok.ExpirySource != ExpiryFallback || tok.Lifetime() != 7*time.Minute {
		t.Errorf("token %v, lifetime %v; want the fallback of 7m", tok, tok.Lifetime())
	}
}

func TestHTTPPostSendsProfileBodyAndConfiguredHeaders(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Method != "POST" || string(b) != `{"room":"r1"}` || r.Header.Get("X-Api-Key") != "k" ||
			r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "bad request", 400)
			return
		}
		io.WriteString(w, `{"data":{"jwt":"x.y.z","ttl":60}}`)
	})
	tok, err := fetchOnce(t, Config{URL: srv.URL, Header: map[string]string{"X-Api-Key": "k"},
		Profile: JSON{Method: "POST", Body: []byte(`{"room":"r1"}`), TokenField: "data.jwt", ExpiresInField: "data.ttl"}})
	if err != nil || tok.Value != "x.y.z" || tok.Lifetime() < 59*time.Second || tok.Lifetime() > 61*time.Second {
		t.Errorf("Fetch = %v (lifetime %v), %v", tok, tok.Lifetime(), err)
	}
}

func TestHTTPStatusErrorsAreTyped(t *testing.T) {
	cases := []struct {
		name      string
		status    int
		body      string
		header    map[string]string
		is        error
		permanent bool
		retry     time.Duration
	}{
		{"401 is unauthorized", 401, "", nil, ErrUnauthorized, true, 0},
		{"403 is forbidden", 403, `{"error":"nope"}`, nil, ErrForbidden, true, 0},
		{"403 origin is a CORS refusal", 403, `{"error":"Origin not allowed"}`, nil, ErrOriginNotAllowed, true, 0},
		{"400 keeps the server's text", 400, "invalid: missing channel name\n", nil, nil, true, 0},
		{"503 with Retry-After", 503, "", map[string]string{"Retry-After": "7"}, nil, false, 7 * time.Second},
		{"429 with Retry-After", 429, "", map[string]string{"Retry-After": "30"}, nil, false, 30 * time.Second},
		{"500 is transient", 500, "oops", nil, nil, false, 0},
		{"404 is permanent", 404, "404 page not found", nil, nil, true, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range c.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(c.status)
				io.WriteString(w, c.body)
			})
			_, err := fetchOnce(t, Config{URL: srv.URL})
			var se *StatusError
			if !errors.As(err, &se) || se.StatusCode != c.status {
				t.Fatalf("err = %v; want a *StatusError %d", err, c.status)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("err = %v; want errors.Is %v", err, c.is)
			}
			if IsPermanent(err) != c.permanent {
				t.Errorf("IsPermanent(%v) = %v", err, !c.permanent)
			}
			if se.RetryAfter != c.retry {
				t.Errorf("RetryAfter = %v; want %v", se.RetryAfter, c.retry)
			}
			if c.status == 400 && se.Message != "invalid: missing channel name" {
				t.Errorf("Message = %q", se.Message)
			}
		})
	}
}

func TestHTTPBadBodies(t *testing.T) {
	cases := []struct {
		name string
		body string
		is   error
	}{
		{"malformed JSON", `{"token":`, ErrMalformedResponse},
		{"no token field", `{"user":"u"}`, ErrNoToken},
		{"empty token", `{"token":""}`, ErrNoToken},
		{"token not a string", `{"token":5}`, ErrMalformedResponse},
		{"control characters", "{\"token\":\"a\\u0007b\"}", ErrInvalidToken},
		{"too large", strings.Repeat("a", MaxBodySize+1), ErrBodyTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, c.body) })
			_, err := fetchOnce(t, Config{URL: srv.URL})
			if !errors.Is(err, c.is) || IsPermanent(err) {
				t.Errorf("err = %v; want transient %v", err, c.is)
			}
		})
	}
}

func TestHTTPSRequiredExceptLoopback(t *testing.T) {
	cases := []struct {
		url      string
		insecure bool
		ok       bool
	}{
		{"https://tokens.example.com/t", false, true},
		{"http://127.0.0.1:8080/t", false, true},
		{"http://127.1.2.3/t", false, true},
		{"http://localhost:8080/t", false, true},
		{"http://[::1]:8080/t", false, true},
		{"http://tokens.example.com/t", false, false},
		{"http://10.0.2.2:8080/t", false, false},
		{"http://127.0.0.1.example.com/t", false, false},
		{"http://tokens.example.com/t", true, true},
		{"ftp://tokens.example.com/t", true, false},
		{"/relative", false, false},
		{"://bad", false, false},
	}
	for _, c := range cases {
		_, err := New(Config{URL: c.url, AllowInsecureHTTP: c.insecure})
		if (err == nil) != c.ok {
			t.Errorf("New(%q, insecure=%v) = %v; want ok=%v", c.url, c.insecure, err, c.ok)
		}
		if !c.ok && c.insecure == false && strings.HasPrefix(c.url, "http://") && !errors.Is(err, ErrInsecureURL) {
			t.Errorf("New(%q) = %v; want ErrInsecureURL", c.url, err)
		}
		if err != nil && !IsPermanent(err) {
			t.Errorf("New(%q) error %v is not permanent", c.url, err)
		}
	}
}

// TestHTTPRetryAfterDateIsReadByTheServersClock: an HTTP-date Retry-After is
// read against the answer's Date, not the local clock: a device 20 minutes
// fast, asked to wait 10 minutes, waits 10 minutes, not none.
func TestHTTPRetryAfterDateIsReadByTheServersClock(t *testing.T) {
	for _, c := range []struct {
		name string
		age  string
		want time.Duration
	}{
		{"from the server", "", 10 * time.Minute},
		{"from a cache, four minutes old", "240", 6 * time.Minute},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				server := time.Now().Add(-20 * time.Minute)
				w.Header().Set("Date", server.UTC().Format(http.TimeFormat))
				w.Header().Set("Retry-After", server.Add(10*time.Minute).UTC().Format(http.TimeFormat))
				if c.age != "" {
					w.Header().Set("Age", c.age)
				}
				w.WriteHeader(http.StatusServiceUnavailable)
			})
			_, err := fetchOnce(t, Config{URL: srv.URL})
			var se *StatusError
			if !errors.As(err, &se) || se.RetryAfter != c.want {
				t.Fatalf("err = %v (%+v); want a 503 asking for %v", err, se, c.want)
			}
		})
	}
}

func TestParseTimeAndSeconds(t *testing.T) {
	at := time.Unix(1767225600, 0)
	for _, v := range []any{float64(1767225600), "1767225600", float64(1767225600000), "2026-01-01T00:00:00Z"} {
		if got, ok := wire.Time(v); !ok || !got.Equal(at) {
			t.Errorf("wire.Time(%v) = %v, %v; want %v", v, got, ok, at)
		}
	}
	for _, v := range []any{"x", float64(-1), true, nil, float64(1e16)} {
		if _, ok := wire.Time(v); ok {
			t.Errorf("wire.Time(%v) ok", v)
		}
	}
	if d, ok := wire.Seconds("90"); !ok || d != 90*time.Second {
		t.Errorf("wire.Seconds(90) = %v", d)
	}
	if d, ok := wire.Seconds(float64(1e12)); !ok || d < maxLifetime {
		t.Errorf("wire.Seconds(1e12) = %v; want at least the renewer's cap, which cuts it", d)
	}
	for _, v := range []any{"x", float64(0), nil} {
		if _, ok := wire.Seconds(v); ok {
			t.Errorf("wire.Seconds(%v) ok", v)
		}
	}
}

func TestAbsurdExpiryIsCut(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"token":"t","expires_at":"9999-12-31T23:59:59Z"}`)
	})
	tok, err := fetchOnce(t, Config{URL: srv.URL})
	if err != nil || tok.Lifetime() != maxLifetime {
		t.Errorf("Fetch = %v (lifetime %v), %v; want the lifetime cut to %v", tok, tok.Lifetime(), err, maxLifetime)
	}
}

func TestHTTPAnHTMLPageIsNotAToken(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "\n<!DOCTYPE html>\n<html><body>Sign in to the Wi-Fi</body></html>\n")
	})
	for _, p := range []Profile{nil, Text{}, JSON{}, Detect{}} {
		_, err := fetchOnce(t, Config{URL: srv.URL, Profile: p})
		if !errors.Is(err, ErrMalformedResponse) || !strings.Contains(err.Error(), "HTML page") || IsPermanent(err) {
			t.Errorf("profile %T: err = %v; want a transient ErrMalformedResponse saying it is an HTML page", p, err)
		}
	}
}

func TestHTTPOriginRefusalSaysWhatANativeClientMustDo(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(403)
		io.WriteString(w, `{"error":"Origin not allowed"}`)
	})
	_, err := fetchOnce(t, Config{URL: srv.URL})
	var se *StatusError
	if !errors.Is(err, ErrOriginNotAllowed) || !errors.Is(err, ErrForbidden) || !errors.As(err, &se) || !IsPermanent(err) ||
		Code(err) != "origin_not_allowed" {
		t.Fatalf("err = %v; want a permanent ErrOriginNotAllowed and *StatusError", err)
	}
	if msg := err.Error(); !strings.Contains(msg, `Header["Origin"]`) || strings.Contains(msg, "page") {
		t.Errorf("err = %q; want a native client told to send an Origin header", msg)
	}
}

func TestHTTPNonHTTPSchemesAreInvalidURLs(t *testing.T) {
	for _, u := range []string{"ftp://tokens.example.com/t", "ws://127.0.0.1/t", "file://localhost/etc/token", "javascript://x"} {
		_, err := New(Config{URL: u})
		if !errors.Is(err, ErrInvalidURL) || errors.Is(err, ErrInsecureURL) || !IsPermanent(err) || Code(err) != "invalid_url" {
			t.Errorf("New(%q) = %v (code %q); want permanent ErrInvalidURL", u, err, Code(err))
		}
	}
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://127.0.0.1/token", http.StatusFound)
	})
	if _, err := fetchOnce(t, Config{URL: srv.URL}); !errors.Is(err, ErrInvalidURL) || !IsPermanent(err) {
		t.Errorf("redirect to ftp: %v; want permanent ErrInvalidURL", err)
	}
}

// TestHTTPSourceScrubsTheHeldTokenBeforeTheCut: a server that quotes the
// token being replaced where StatusError.Message is cut leaves no piece of
// it: the source scrubs the held token it is given before the cut, where
// Redact, after it, could no longer find it.
func TestHTTPSourceScrubsTheHeldTokenBeforeTheCut(t *testing.T) {
	const held = "held-token-0123456789abcdef"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"`+strings.Repeat("x", maxMessageLen-12)+` token `+held+`"}`)
	})
	s, err := newHTTPSource(Config{URL: srv.URL}.withDefaults(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = s.FetchHeld(ctx, Token{Value: held})
	var se *StatusError
	if !errors.As(err, &se) || strings.Contains(se.Message, held[:5]) {
		t.Errorf("FetchHeld: %v; want a StatusError with no piece of the held token", err)
	}
}

// requestProfile is a custom Profile whose NewRequest fails with err.
type requestProfile struct{ err error }

func (p requestProfile) NewRequest(string) (*Request, error) { return nil, p.err }
func (p requestProfile) Parse(*Response) (Grant, error)      { return Grant{}, ErrNoToken }

// slowLookup is a profile's own error that happens to say it is a timeout.
type slowLookup struct{}

func (slowLookup) Error() string { return "profile: the channel lookup timed out" }
func (slowLookup) Timeout() bool { return true }

// TestNewTellsAProfilesOwnErrorFromACondition: New reports a custom
// profile's own error as a permanent ErrInvalidProfile (a setting of the
// profile's), keeping the error in the chain, whatever methods it has (a
// Timeout method made it a "timeout" once); an error that matches one of
// the renewer's conditions keeps it.
func TestNewTellsAProfilesOwnErrorFromACondition(t *testing.T) {
	own := errors.New("profile: no channel")
	for _, c := range []struct {
		err  error
		want []error
		code string
	}{
		{own, []error{ErrInvalidProfile, own}, "invalid_profile"},
		{slowLookup{}, []error{ErrInvalidProfile}, "invalid_profile"},
		{errtext.Wrap(ErrInvalidURL, "no host"), []error{ErrInvalidURL}, "invalid_url"},
		{errtext.Wrap(ErrInvalidHeader, "a newline"), []error{ErrInvalidHeader}, "invalid_header"},
	} {
		_, err := New(Config{URL: "https://tokens.example/t", Profile: requestProfile{c.err}})
		for _, w := range c.want {
			if !errors.Is(err, w) {
				t.Errorf("%v: New: %v; want it to match %v", c.err, err, w)
			}
		}
		if Code(err) != c.code || c.code == "invalid_profile" && !IsPermanent(err) {
			t.Errorf("%v: New: %v (code %q, permanent %t); want %q", c.err, err, Code(err), IsPermanent(err), c.code)
		}
	}
}

// TestRetryAfterIsCutWhereTheEngineCutsIt: the HTTP source cuts a
// Retry-After to the longest wait the engine's request limits keep to.
func TestRetryAfterIsCutWhereTheEngineCutsIt(t *testing.T) {
	if httpsource.MaxRetryAfter != maxRetryAfter {
		t.Errorf("httpsource.MaxRetryAfter = %v; the engine's maxRetryAfter is %v", httpsource.MaxRetryAfter, maxRetryAfter)
	}
}

// silentTransport answers nothing and says nothing.
type silentTransport struct{}

func (silentTransport) RoundTrip(context.Context, *Request) (*Response, error) { return nil, nil }

// TestATransportThatAnswersNothingFailsTheFetchSayingSo: a Transport that
// returns neither a response nor an error is a bug of the Transport's; the
// fetch fails with an error that says so, not with a recovered nil
// dereference.
func TestATransportThatAnswersNothingFailsTheFetchSayingSo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Config{URL: "https://tokens.example/t", Transport: silentTransport{}})
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, err := r.Token(ctx)
		if err == nil || !strings.Contains(err.Error(), "no response and no error") || errors.Is(err, ErrPanic) {
			t.Errorf("Token = %v; want the Transport's silence named, not a panic", err)
		}
		stopAndWait(t, r)
	})
}
