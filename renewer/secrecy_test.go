//go:build !js

package renewer_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// Every secret in the secrecy test carries this marker: token values the
// server hands out (good and bad), the seed, the configured header and a
// credential in the URL's query. It must not appear, raw or hex-encoded, in
// any log line, error string or formatted value.
const secretMark = "SECRET"

var secrecyVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// capture collects everything the test prints.
type capture struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Write(p)
}

func (c *capture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

// formatAll prints v with every verb and through slog's text and JSON
// handlers.
func (c *capture) formatAll(name string, v any) {
	for _, verb := range secrecyVerbs {
		fmt.Fprintf(c, "%s %s: "+verb+"\n", name, verb, v)
	}
	for _, h := range []slog.Handler{slog.NewTextHandler(c, nil), slog.NewJSONHandler(c, nil)} {
		slog.New(h).Info("value", name, v)
	}
}

// teeHandler sends every record to a text and a JSON handler at debug level.
type teeHandler []slog.Handler

func newTee(w io.Writer) teeHandler {
	o := &slog.HandlerOptions{Level: slog.LevelDebug}
	return teeHandler{slog.NewTextHandler(w, o), slog.NewJSONHandler(w, o)}
}

func (t teeHandler) Enabled(context.Context, slog.Level) bool { return true }

func (t teeHandler) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range t {
		if err := h.Handle(ctx, r.Clone()); err != nil {
			return err
		}
	}
	return nil
}

func (t teeHandler) WithAttrs(as []slog.Attr) slog.Handler {
	out := make(teeHandler, len(t))
	for i, h := range t {
		out[i] = h.WithAttrs(as)
	}
	return out
}

func (t teeHandler) WithGroup(name string) slog.Handler {
	out := make(teeHandler, len(t))
	for i, h := range t {
		out[i] = h.WithGroup(name)
	}
	return out
}

// secrecyListener prints every event argument with every verb.
type secrecyListener struct {
	c       *capture
	mu      sync.Mutex
	renewed int
	errs    int
	changed chan struct{} // capacity 1: a count changed since the last receive
}

func newSecrecyListener(c *capture) *secrecyListener {
	return &secrecyListener{c: c, changed: make(chan struct{}, 1)}
}

// counted signals a change of the counts.
func (l *secrecyListener) counted() {
	select {
	case l.changed <- struct{}{}:
	default:
	}
}

func (l *secrecyListener) TokenWillExpire(tok renewer.Token, _ time.Duration) {
	l.c.formatAll("willexpire", tok)
}

func (l *secrecyListener) RenewToken(tok renewer.Token) {
	l.c.formatAll("renew", tok)
	l.mu.Lock()
	l.renewed++
	l.mu.Unlock()
	l.counted()
}

func (l *secrecyListener) TokenExpired(tok renewer.Token) { l.c.formatAll("expired", tok) }

func (l *secrecyListener) Error(err error) {
	fmt.Fprintln(l.c, err.Error())
	l.c.formatAll("error", err)
	l.mu.Lock()
	l.errs++
	l.mu.Unlock()
	l.counted()
}

func (l *secrecyListener) counts() (renewed, errs int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.renewed, l.errs
}

// seeingTransport and seeingProfile print the Requests, Responses and
// Grants that pass through them, as an app's own wrapper might.
type seeingTransport struct {
	c     *capture
	inner renewer.Transport
}

func (s seeingTransport) RoundTrip(ctx context.Context, req *renewer.Request) (*renewer.Response, error) {
	s.c.formatAll("request", req)
	s.c.formatAll("request-value", *req)
	resp, err := s.inner.RoundTrip(ctx, req)
	if resp != nil {
		s.c.formatAll("response", resp)
		s.c.formatAll("response-value", *resp)
	}
	return resp, err
}

type seeingProfile struct {
	c *capture
	renewer.Profile
}

func (s seeingProfile) Parse(resp *renewer.Response) (renewer.Grant, error) {
	g, err := s.Profile.Parse(resp)
	if err == nil {
		s.c.formatAll("grant", g)
	}
	return g, err
}

// secrecyServer answers by path: every success and failure the renewer
// knows, each carrying a secret where a careless program might print one.
func secrecyServer(t *testing.T, other string) *httptest.Server {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		tok := fmt.Sprintf("tok-%s-%s-%d", secretMark, strings.Trim(r.URL.Path, "/"), n)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/json":
			fmt.Fprintf(w, `{"token":%q,"expires_in":3600}`, tok)
		case "/text":
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, tok+"\n")
		case "/redirect":
			http.Redirect(w, r, other+"/json", http.StatusFound)
		case "/500":
			http.Error(w, "internal error", 500)
		case "/429":
			w.Header().Set("Retry-After", "1")
			http.Error(w, `{"error":"slow down"}`, http.StatusTooManyRequests)
		case "/401", "/403":
			code := 401
			if r.URL.Path == "/403" {
				code = 403
			}
			w.WriteHeader(code)
			fmt.Fprintf(w, `{"message":"not allowed"}`)
		case "/malformed":
			fmt.Fprintf(w, `{"token":%q`, tok)
		case "/notoken":
			fmt.Fprintf(w, `{"tokn":%q}`, tok)
		case "/control":
			fmt.Fprintf(w, `{"token":"%s\u0001x"}`, tok)
		case "/past":
			fmt.Fprintf(w, `{"token":%q,"expires_at":%d}`, tok, time.Now().Add(-time.Hour).Unix())
		case "/same":
			fmt.Fprintf(w, `{"token":%q,"expires_in":60}`, secrecySeedValue)
		case "/huge":
			fmt.Fprintf(w, `{"token":"%s%s"}`, tok, strings.Repeat("a", 100<<10))
		case "/reset":
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
		case "/hang":
			<-r.Context().Done()
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

const (
	secrecySeedValue = "seed-" + secretMark + "-token"
	secrecyHeader    = "hdr-" + secretMark + "-api-key"
)

// TestSecrecyNoSecretInLogsErrorsOrFormatting drives renewers through every
// success and failure path with a debug logger and prints every exported
// value that can hold a token with every verb; no secret may show.
func TestSecrecyNoSecretInLogsErrorsOrFormatting(t *testing.T) {
	c := &capture{}
	logger := slog.New(newTee(c))
	other := secrecyServer(t, "")
	srv := secrecyServer(t, strings.Replace(other.URL, "127.0.0.1", "localhost", 1))
	dir := t.TempDir()

	paths := []string{"/json", "/text", "/redirect", "/500", "/429", "/401", "/403", "/malformed",
		"/notoken", "/control", "/past", "/same", "/huge", "/reset", "/hang"}
	var wg sync.WaitGroup
	for i, path := range paths {
		wg.Go(func() {
			now := time.Now()
			cfg := renewer.Config{
				URL:            srv.URL + path + "?key=qry-" + secretMark + "-credential",
				Header:         map[string]string{"X-Api-Key": secrecyHeader, "Authorization": "Bearer " + secrecyHeader},
				Seed:           renewer.Token{Value: secrecySeedValue, IssuedAt: now.Add(-55 * time.Minute), ExpiresAt: now.Add(5 * time.Minute)},
				Store:          renewer.FileStore{Path: filepath.Join(dir, fmt.Sprint("token-", i))},
				Logger:         logger,
				MinBackoff:     10 * time.Millisecond,
				MaxBackoff:     50 * time.Millisecond,
				RequestTimeout: 300 * time.Millisecond,
				Profile:        seeingProfile{c, renewer.Detect{}},
				Transport:      seeingTransport{c, renewer.NewHTTPTransport(nil, false, logger)},
			}
			l := newSecrecyListener(c)
			cfg.Listener = l
			c.formatAll("config", cfg)
			c.formatAll("config-pointer", &cfg)
			r, err := renewer.New(cfg)
			if err != nil {
				t.Errorf("New: %v", err)
				return
			}
			defer r.Stop()
			if err := r.Start(context.Background()); err != nil {
				t.Errorf("Start: %v", err)
				return
			}
			// Wait, at most 10 s, for two renewals, two failures, or one
			// failure that stopped renewal; the counts are checked after
			// each event.
			limit := time.NewTimer(10 * time.Second)
			defer limit.Stop()
		wait:
			for {
				renewed, errs := l.counts()
				if renewed >= 2 || errs >= 2 || (errs == 1 && r.Stats().Waiting) {
					break
				}
				select {
				case <-l.changed:
				case <-limit.C:
					break wait
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			tok, err := r.Token(ctx)
			c.formatAll("token", tok)
			c.formatAll("token-pointer", &tok)
			c.formatAll("token-error", err)
			r.Invalidate("")
			tok, err = r.Refresh(ctx)
			c.formatAll("refresh", tok)
			c.formatAll("refresh-error", err)
			r.Resume()
			c.formatAll("renewer", r)
			c.formatAll("stats", r.Stats())
			if s := r.Stats(); s.LastError != nil {
				fmt.Fprintln(c, s.LastError.Error())
			}
			_, err = r.Token(ctx)
			c.formatAll("token-error-after", err)
		})
	}
	wg.Wait()

	out := c.String()
	for _, want := range []string{"token renewed", "token fetch failed", "retrying request", "REDACTED"} {
		if !strings.Contains(out, want) {
			t.Errorf("the capture has no %q: a path was not exercised", want)
		}
	}
	needles := []string{secretMark, hex.EncodeToString([]byte(secretMark)), strings.ToUpper(hex.EncodeToString([]byte(secretMark)))}
	seen := map[string]bool{}
	for line := range strings.SplitSeq(out, "\n") {
		for _, n := range needles {
			if strings.Contains(line, n) {
				key := strings.Map(func(r rune) rune {
					if r >= '0' && r <= '9' {
						return -1
					}
					return r
				}, line)
				key = key[:min(len(key), 90)]
				if !seen[key] {
					seen[key] = true
					t.Errorf("a secret shows: %.300s", line)
				}
			}
		}
	}
	t.Logf("%d bytes of logs, errors and formatted values checked", len(out))
}

// leakyStore fails every Save with the token it was given in the text.
// leakyStore's Save fails, or panics, quoting the token it was given.
type leakyStore struct{ panics bool }

func (leakyStore) Load(context.Context, string) (renewer.Token, error) { return renewer.Token{}, nil }
func (s leakyStore) Save(_ context.Context, _ string, tok renewer.Token) error {
	if s.panics {
		panic("keychain refused " + tok.Value)
	}
	return fmt.Errorf("keychain refused %s", tok.Value)
}

func TestSecrecyNoTokenInWhatTheAppsStoreAndSourceSupply(t *testing.T) {
	for _, panics := range []bool{false, true} {
		t.Run(map[bool]string{false: "store error", true: "store panic"}[panics], func(t *testing.T) {
			var fetches atomic.Int32
			var r *renewer.Renewer
			src := renewer.SourceFunc(func(context.Context) (renewer.Token, error) {
				if fetches.Add(1) == 1 {
					return renewer.Token{Value: "SECRET-token-1", ExpiresAt: time.Now().Add(time.Hour),
						Extra: map[string]any{"rtmToken": renewer.Secret("SECRET-rtm-1")}}, nil
				}
				cur, _ := r.Current()
				panic("cannot replace " + cur.Value + " and " + string(cur.Extra["rtmToken"].(renewer.Secret)))
			})
			errs := make(chan error, 4)
			r, err := renewer.New(renewer.Config{Source: src, Store: leakyStore{panics},
				Listener: renewer.ListenerFuncs{OnError: func(err error) { errs <- err }}})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Start(t.Context()); err != nil {
				t.Fatal(err)
			}
			defer r.Stop()
			var out strings.Builder
			select {
			case err := <-errs:
				fmt.Fprintln(&out, err)
			case <-time.After(10 * time.Second):
				t.Fatal("the Store's failure was not reported")
			}
			_, err = r.Refresh(t.Context())
			fmt.Fprintln(&out, err)
			for _, want := range []string{"keychain refused [REDACTED]", "source panicked: cannot replace [REDACTED] and [REDACTED]"} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("no %q in what was reported:\n%s", want, out.String())
				}
			}
			if strings.Contains(out.String(), secretMark) {
				t.Errorf("a token escaped:\n%s", out.String())
			}
		})
	}
}

// TestSecrecyNoTokenInAFetchsError: a Source's error and a token server's
// error body that quote the current token (or the one the app just
// rejected) reach no error, event, Stats or log line with it.
func TestSecrecyNoTokenInAFetchsError(t *testing.T) {
	const cur, rtm = "CURRENT-" + secretMark + "-token", "CURRENT-" + secretMark + "-rtm"
	seed := func() renewer.Token {
		return renewer.Token{Value: cur, IssuedAt: time.Now().Add(-time.Minute), ExpiresAt: time.Now().Add(time.Hour),
			Extra: map[string]any{"rtmToken": renewer.Secret(rtm)}}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "token "+cur+" still active", http.StatusConflict)
	}))
	t.Cleanup(srv.Close)
	src := renewer.SourceFunc(func(context.Context) (renewer.Token, error) {
		return renewer.Token{}, fmt.Errorf("token %s (rtm %s) revoked", cur, rtm)
	})
	for _, tt := range []struct {
		name string
		cfg  renewer.Config
	}{
		{"Source", renewer.Config{Source: src}},
		{"HTTP error body", renewer.Config{URL: srv.URL}},
	} {
		for _, invalidate := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, invalidated %v", tt.name, invalidate), func(t *testing.T) {
				var out capture
				cfg := tt.cfg
				cfg.Seed = seed()
				cfg.Logger = slog.New(newTee(&out))
				cfg.Listener = renewer.ListenerFuncs{OnError: func(err error) { fmt.Fprintln(&out, "OnError:", err) }}
				fetched := make(chan struct{}, 8)
				cfg.OnFetch = func(fi renewer.FetchInfo) { fmt.Fprintln(&out, "OnFetch:", fi.Err); fetched <- struct{}{} }
				r, err := renewer.New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				if err := r.Start(t.Context()); err != nil {
					t.Fatal(err)
				}
				if invalidate {
					r.Invalidate("")
				}
				ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
				defer cancel()
				_, err = r.Refresh(ctx)
				if err == nil {
					t.Fatal("Refresh succeeded; want the fetch's error")
				}
				fmt.Fprintln(&out, "Refresh:", err)
				if se := (*renewer.StatusError)(nil); errors.As(err, &se) {
					fmt.Fprintln(&out, "StatusError.Message:", se.Message)
				}
				select {
				case <-fetched: // after OnError: events come in order
				case <-ctx.Done():
					t.Fatal("no OnFetch")
				}
				r.Stop()
				<-r.Done()
				fmt.Fprintln(&out, "Stats:", r.Stats().LastError)
				text := out.String()
				for _, want := range []string{"OnError: ", "OnFetch: ", "Refresh: ", "token fetch failed", "[REDACTED]"} {
					if !strings.Contains(text, want) {
						t.Errorf("no %q in what was reported:\n%s", want, text)
					}
				}
				if strings.Contains(text, secretMark) {
					t.Errorf("a token escaped:\n%s", text)
				}
			})
		}
	}
}
