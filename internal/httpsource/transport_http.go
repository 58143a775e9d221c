//go:build !js

package httpsource

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/permanent"
	"github.com/tokenrenew/tokenrenew/internal/scrub"
	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

// Within one attempt, a transport error that retryablehttp's policy calls
// retryable is tried again this many times, quickly; the renewer's own
// backoff handles everything slower.
const (
	quickRetries   = 2
	quickRetryMin  = 50e6  // 50 ms
	quickRetryMax  = 250e6 // 250 ms
	maxRedirects   = 5
	defaultUAValue = "tokenrenew"
)

// OriginAdvice says what a native client refused by a token server's CORS
// check can do: it has no page origin, so it must send an Origin header.
const OriginAdvice = "a native client must send an Origin header (Config.Header[\"Origin\"]) that the server allows (for the Agora token service, one listed in its CORS_ALLOW_ORIGIN)"

// httpTransport executes requests with hashicorp/go-retryablehttp: one
// retryablehttp.Client per request over a shared *http.Client, so that the
// request's own secrets can be scrubbed from what retryablehttp logs.
type httpTransport struct {
	http   *http.Client
	logger Logger
}

// NewHTTPTransport returns the native Transport that renewer.NewHTTPTransport
// documents, over client, following a redirect to plain http only if
// allowInsecure or to loopback, with its diagnostics to logger (nil:
// none). Its errors hold no URL query but may hold other secrets of the
// request, which renewer scrubs. RoundTrip is safe for concurrent use.
func NewHTTPTransport(client *http.Client, allowInsecure bool, logger Logger) Transport {
	c := &http.Client{}
	if client != nil {
		*c = *client
	}
	c.Transport = loopbackSafe(c.Transport)
	c.CheckRedirect = checkRedirect(allowInsecure)
	return &httpTransport{http: c, logger: logger}
}

// retryClient returns the retryablehttp.Client for one request, whose log
// lines lose scrub's secrets.
func (t *httpTransport) retryClient(scrub scrub.Set) *retryablehttp.Client {
	rc := &retryablehttp.Client{
		HTTPClient:   t.http,
		RetryWaitMin: quickRetryMin,
		RetryWaitMax: quickRetryMax,
		RetryMax:     quickRetries,
		Backoff:      retryablehttp.DefaultBackoff,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			if err == nil || isPermanentTransportError(err) {
				return false, nil // statuses are the renewer's to judge
			}
			return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
		},
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) {
			return resp, err
		},
	}
	if t.logger != nil {
		rc.Logger = debugLogger{t.logger, scrub}
	}
	return rc
}

// RoundTrip executes req and reads at most MaxBodySize bytes of the answer.
// It returns when ctx ends, whatever the server does.
func (t *httpTransport) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	var body any
	if req.Body != nil {
		body = req.Body
	}
	hreq, err := retryablehttp.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		return nil, permanent.Mark(invalidURL(req.Method, req.URL))
	}
	hreq.Header.Set("User-Agent", defaultUAValue)
	// A cache in front of the token server must not answer with an old
	// token; req.Header may say otherwise.
	hreq.Header.Set("Cache-Control", "no-cache")
	for k, v := range req.Header {
		hreq.Header.Set(k, v)
	}
	if req.Body != nil && hreq.Header.Get("Content-Type") == "" {
		hreq.Header.Set("Content-Type", "application/json")
	}
	var secrets scrub.Set
	if t.logger != nil {
		secrets = scrub.New(Secrets(req.URL, hreq.URL, req.Header))
	}
	hresp, err := t.retryClient(secrets).Do(hreq)
	if err != nil {
		return nil, transportError(ctx, err)
	}
	resp := &Response{StatusCode: hresp.StatusCode, Header: make(map[string]string, len(hresp.Header))}
	for k, v := range hresp.Header {
		if len(v) > 0 {
			resp.Header[strings.ToLower(k)] = v[0]
		}
	}
	if hresp.StatusCode < 200 {
		// 101 hands over the raw connection as the body: never read it.
		hresp.Body.Close()
		return resp, nil
	}
	resp.Body, err = readBody(ctx, hresp.Body)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// readBody reads and closes body, at most MaxBodySize bytes, closing it
// early when ctx ends so that no read outlives ctx.
func readBody(ctx context.Context, body io.ReadCloser) ([]byte, error) {
	defer body.Close()
	stop := context.AfterFunc(ctx, func() { body.Close() })
	b, err := io.ReadAll(io.LimitReader(body, MaxBodySize+1))
	if !stop() && ctx.Err() != nil {
		return nil, errtext.Prefix("renewer: reading token server response", ctx.Err())
	}
	if err != nil {
		return nil, errtext.Prefix("renewer: reading token server response", redactErr(err))
	}
	if len(b) > MaxBodySize {
		return nil, errtext.Wrap(ErrBodyTooLarge, "more than "+strconv.Itoa(MaxBodySize)+" bytes")
	}
	return b, nil
}

// transportError redacts err's URL and marks it Permanent when it is a TLS
// failure, a refused redirect or URL (see isPermanentTransportError), or
// retryablehttp's policy would not retry it (bad scheme, invalid header).
// An error after ctx ended is ctx's error, transient.
func transportError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return errtext.Prefix("renewer: token server request", ctx.Err())
	}
	err = redactErr(err)
	if isPermanentTransportError(err) {
		return permanent.Mark(err)
	}
	if retry, _ := retryablehttp.DefaultRetryPolicy(context.Background(), nil, err); !retry {
		return permanent.Mark(err)
	}
	return err
}

// isPermanentTransportError reports whether err is one that no retry can
// cure: a refused redirect or URL (ErrRedirect, ErrInsecureURL,
// ErrInvalidURL), or a TLS failure: an https URL answered in plain HTTP
// (http.ErrSchemeMismatch) or in something else that is not TLS, a
// certificate that does not verify (untrusted authority, wrong host name,
// expired or invalid), an alert the server sent during the handshake, or
// encrypted client hello refused. A TLS handshake that times out or whose
// connection drops is a network failure, and transient.
func isPermanentTransportError(err error) bool {
	var (
		cve   *tls.CertificateVerificationError
		rhe   tls.RecordHeaderError
		alert tls.AlertError
		ech   *tls.ECHRejectionError
		uae   x509.UnknownAuthorityError
		he    x509.HostnameError
		cie   x509.CertificateInvalidError
		op    *net.OpError
	)
	switch {
	case errors.Is(err, ErrRedirect), errors.Is(err, ErrInsecureURL), errors.Is(err, urlx.ErrInvalid),
		errors.Is(err, http.ErrSchemeMismatch),
		errors.As(err, &cve), errors.As(err, &rhe), errors.As(err, &alert), errors.As(err, &ech),
		errors.As(err, &uae), errors.As(err, &he), errors.As(err, &cie):
		return true
	case errors.As(err, &op):
		return op.Op == "remote error" // a TLS alert from the server
	}
	return false
}

// redactErr drops the query of a *url.Error's URL.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: urlx.Redact(ue.URL), Err: ue.Err}
	}
	return err
}

// checkRedirect follows at most maxRedirects redirects and no loop, refuses
// insecure ones and those that would carry the body to another host, and
// strips every header but a few harmless ones when the host changes
// (net/http strips only Authorization, Cookie and WWW-Authenticate).
func checkRedirect(allowInsecure bool) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return errtext.Wrap(ErrRedirect, "more than "+strconv.Itoa(maxRedirects)+" redirects")
		}
		for _, v := range via {
			if v.URL.String() == req.URL.String() {
				return errtext.Wrap(ErrRedirect, "a redirect loop")
			}
		}
		if _, err := CheckURL(req.URL.String(), allowInsecure); err != nil {
			return err
		}
		if req.URL.Host != via[0].URL.Host {
			if req.GetBody != nil || req.ContentLength > 0 {
				return errtext.Wrap(ErrRedirect, "a 307 or 308 redirect to another host would re-send the request body there")
			}
			for k := range req.Header {
				switch k {
				case "User-Agent", "Accept", "Accept-Encoding", "Content-Type", "Content-Length", "Cache-Control":
				default:
					req.Header.Del(k)
				}
			}
		}
		return nil
	}
}

// loopbackSafe returns rt, or for an *http.Transport (nil meaning
// http.DefaultTransport) a copy that never sends loopback traffic through
// a proxy and dials loopback names without DNS.
func loopbackSafe(rt http.RoundTripper) http.RoundTripper {
	if rt == nil {
		rt = http.DefaultTransport
	}
	ht, ok := rt.(*http.Transport)
	if !ok {
		return rt
	}
	ht = ht.Clone()
	if proxy := ht.Proxy; proxy != nil {
		ht.Proxy = func(r *http.Request) (*url.URL, error) {
			if urlx.IsLoopback(r.URL.Hostname()) {
				return nil, nil
			}
			return proxy(r)
		}
	}
	dial := ht.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	ht.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil || !urlx.IsLoopbackName(host) {
			return dial(ctx, network, addr)
		}
		c, err := dial(ctx, network, net.JoinHostPort("127.0.0.1", port))
		if err != nil {
			if c6, err6 := dial(ctx, network, net.JoinHostPort("::1", port)); err6 == nil {
				return c6, nil
			}
		}
		return c, err
	}
	return ht
}

// debugLogger routes retryablehttp's messages to a Logger at debug.
type debugLogger struct {
	l     Logger
	scrub scrub.Set
}

func (d debugLogger) Error(msg string, kv ...any) { d.l.Debug(msg, d.clean(kv)...) }
func (d debugLogger) Info(msg string, kv ...any)  { d.l.Debug(msg, d.clean(kv)...) }
func (d debugLogger) Debug(msg string, kv ...any) { d.l.Debug(msg, d.clean(kv)...) }
func (d debugLogger) Warn(msg string, kv ...any)  { d.l.Debug(msg, d.clean(kv)...) }

// clean drops URL queries from retryablehttp's key-value pairs ("url",
// and "request", which is a method and a URL), turns errors into their
// redacted text, and removes the request's secrets from every string.
func (d debugLogger) clean(kv []any) []any {
	out := make([]any, 0, len(kv))
	for i, v := range kv {
		if i%2 == 1 {
			if s, ok := kv[i-1].(string); ok && (s == "url" || s == "request") {
				v = urlx.Redact(fmt.Sprint(v))
			}
			if err, ok := v.(error); ok {
				v = redactErr(err).Error()
			}
			if s, ok := v.(string); ok {
				v = d.scrub.Text(s)
			}
		}
		out = append(out, v)
	}
	return out
}
