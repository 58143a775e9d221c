package renewertest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// maxRedirects is how many redirects the transport follows, as the native one.
const maxRedirects = 5

// ErrOutage is what the in-memory transport returns when the handler drops
// the connection (a script's outage): a network failure, which the renewer
// retries. It matches syscall.ECONNRESET, as a real reset connection does.
var ErrOutage = fmt.Errorf("renewertest: connection reset by the server: %w", syscall.ECONNRESET)

// NewTransport returns a renewer.Transport that hands each request to h in
// memory, with no socket, and answers as the native transport does: it
// follows up to five redirects on h and refuses a loop, or a redirect to
// another host, with a permanent error matching renewer.ErrRedirect;
// it answers 1xx with the status alone as soon as h flushes it; a handler
// that panics with http.ErrAbortHandler (as a Server does for an outage)
// is ErrOutage; a body over renewer.MaxBodySize is renewer.ErrBodyTooLarge;
// and it adds a Date header when h sets none.
//
// h runs on a goroutine of its own for each request, with a context that
// ends when RoundTrip's ctx does; RoundTrip returns only after h has, so h
// must honour that context. Under testing/synctest, call RoundTrip inside
// the bubble: h's goroutine then belongs to it too. RoundTrip is safe for
// concurrent use.
func NewTransport(h http.Handler) renewer.Transport { return transport{h} }

type transport struct{ h http.Handler }

// RoundTrip executes req on the handler, following redirects.
func (t transport) RoundTrip(ctx context.Context, req *renewer.Request) (*renewer.Response, error) {
	method, target, body := req.Method, req.URL, req.Body
	seen := map[string]bool{}
	for hops := 0; ; hops++ {
		resp, err := t.once(ctx, method, target, req.Header, body)
		if err != nil {
			return nil, err
		}
		loc := resp.Header["location"]
		if !isRedirect(resp.StatusCode) || loc == "" {
			return resp, nil
		}
		seen[target] = true
		next, err := resolve(target, loc)
		switch {
		case err != nil:
			return nil, redirectError("a redirect to a URL that does not parse")
		case seen[next.String()]:
			return nil, redirectError("a redirect loop")
		case hops >= maxRedirects-1:
			return nil, redirectError(fmt.Sprintf("more than %d redirects", maxRedirects))
		case next.Host != mustHost(target):
			return nil, redirectError("a redirect to another host, which the in-memory transport does not reach")
		}
		if resp.StatusCode == http.StatusSeeOther || (resp.StatusCode <= http.StatusFound && method == http.MethodPost) {
			method, body = http.MethodGet, nil
		}
		target = next.String()
	}
}

// redirectError is a permanent error matching renewer.ErrRedirect.
func redirectError(why string) error {
	return renewer.Permanent(fmt.Errorf("%w: %s", renewer.ErrRedirect, why))
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// resolve resolves a Location against the URL it answered.
func resolve(base, loc string) (*url.URL, error) {
	b, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	return b.Parse(loc)
}

// mustHost returns the host of a URL that has parsed before.
func mustHost(s string) string {
	u, _ := url.Parse(s)
	return u.Host
}

// handled is how a handler goroutine ended.
type handled struct {
	panicked bool
	value    any
}

// once executes one request, without following redirects.
func (t transport) once(ctx context.Context, method, target string, header map[string]string, body []byte) (*renewer.Response, error) {
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	hr, err := http.NewRequestWithContext(hctx, method, target, bytes.NewReader(body))
	if err != nil {
		// The error text would hold the URL, and its query a credential.
		return nil, renewer.Permanent(renewer.ErrInvalidURL)
	}
	hr.RequestURI = hr.URL.RequestURI()
	hr.RemoteAddr = "127.0.0.1:49152"
	for k, v := range header {
		hr.Header.Set(k, v)
	}
	w := &memWriter{header: http.Header{}, flushed1xx: make(chan struct{})}
	done := make(chan handled, 1)
	go func() {
		ok := false
		defer func() {
			if !ok {
				done <- handled{panicked: true, value: recover()}
			}
		}()
		t.h.ServeHTTP(w, hr)
		ok = true
		done <- handled{}
	}()
	select {
	case h := <-done:
		if h.panicked {
			if h.value == http.ErrAbortHandler {
				return nil, ErrOutage
			}
			return nil, fmt.Errorf("renewertest: the handler panicked: %v", h.value)
		}
		return w.response()
	case <-w.flushed1xx:
		cancel()
		<-done
		return w.response()
	case <-ctx.Done():
		cancel()
		<-done
		return nil, fmt.Errorf("renewertest: no answer: %w", ctx.Err())
	}
}

// memWriter is the http.ResponseWriter of an in-memory request.
type memWriter struct {
	mu         sync.Mutex
	header     http.Header
	status     int
	body       bytes.Buffer
	tooLarge   bool
	flushed1xx chan struct{}
	once       sync.Once
}

func (w *memWriter) Header() http.Header { return w.header }

// WriteHeader records the status; informational statuses other than 101
// are not final, as in net/http.
func (w *memWriter) WriteHeader(code int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.status != 0 || (code >= 100 && code < 200 && code != http.StatusSwitchingProtocols) {
		return
	}
	w.status = code
}

func (w *memWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.status < 200 {
		return 0, http.ErrBodyNotAllowed
	}
	if w.body.Len()+len(p) > renewer.MaxBodySize {
		w.tooLarge = true
		return len(p), nil
	}
	return w.body.Write(p)
}

// Flush sends a 1xx answer to the client at once; other answers are sent
// when the handler returns.
func (w *memWriter) Flush() {
	w.mu.Lock()
	informational := w.status >= 100 && w.status < 200
	w.mu.Unlock()
	if informational {
		w.once.Do(func() { close(w.flushed1xx) })
	}
}

// response converts what the handler wrote.
func (w *memWriter) response() (*renewer.Response, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.tooLarge {
		return nil, fmt.Errorf("renewertest: %w", renewer.ErrBodyTooLarge)
	}
	status := w.status
	if status == 0 {
		status = http.StatusOK
	}
	resp := &renewer.Response{StatusCode: status, Header: make(map[string]string, len(w.header)+1)}
	for k, v := range w.header {
		if len(v) > 0 {
			resp.Header[strings.ToLower(k)] = v[0]
		}
	}
	if _, ok := resp.Header["date"]; !ok {
		resp.Header["date"] = time.Now().UTC().Format(http.TimeFormat)
	}
	if status >= 200 {
		resp.Body = bytes.Clone(w.body.Bytes())
	}
	return resp, nil
}

// Fetch runs one fetch of p against a token server that answers every
// request with resp, as an app's renewer would (New, Start, then the first
// fetch's own result, success or failure), and returns the token, the
// request p described and the error. It is for testing a custom Profile's
// NewRequest and Parse together with what the renewer makes of them.
func Fetch(p renewer.Profile, resp *renewer.Response) (renewer.Token, *renewer.Request, error) {
	if resp.Header == nil {
		resp.Header = map[string]string{}
	}
	ct := &cannedTransport{resp: resp}
	// The first fetch's own result, as OnFetch reports it: a Refresh could
	// start a second fetch when the first ended before it joined, and a
	// second answer with the same token is (rightly) no progress.
	first := make(chan renewer.FetchInfo, 1)
	onFetch := func(fi renewer.FetchInfo) {
		select {
		case first <- fi:
		default:
		}
	}
	r, err := renewer.New(renewer.Config{URL: URL, Profile: p, Transport: ct, FallbackTTL: time.Minute, OnFetch: onFetch})
	if err != nil {
		return renewer.Token{}, nil, err
	}
	if err := r.Start(context.Background()); err != nil {
		return renewer.Token{}, nil, err
	}
	defer func() {
		r.Stop()
		<-r.Done()
	}()
	fi := <-first
	ct.mu.Lock()
	defer ct.mu.Unlock()
	if fi.Err != nil {
		return renewer.Token{}, ct.last, fi.Err
	}
	tok, _ := r.Current()
	return tok, ct.last, nil
}

// cannedTransport answers every request with one Response and keeps the
// last request.
type cannedTransport struct {
	resp *renewer.Response
	mu   sync.Mutex
	last *renewer.Request
}

func (c *cannedTransport) RoundTrip(_ context.Context, req *renewer.Request) (*renewer.Response, error) {
	c.mu.Lock()
	c.last = req
	c.mu.Unlock()
	return c.resp, nil
}
