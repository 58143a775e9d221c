//go:build !js

package renewer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hashicorp/go-retryablehttp"
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

// httpTransport executes requests with hashicorp/go-retryablehttp.
type httpTransport struct {
	client *retryablehttp.Client
}

// defaultTransport returns the native transport for c.
func defaultTransport(c Config) Transport {
	return NewHTTPTransport(nil, c.AllowInsecureHTTP, c.Logger)
}

// NewHTTPTransport returns the native Transport: hashicorp/go-retryablehttp
// over client (nil means a fresh client with cleanhttp's pooled transport
// and no overall timeout; the renewer bounds each request with its
// context). Transport errors its retry policy deems retryable are retried
// twice within the attempt; others (TLS, bad URL) come back Permanent.
// Redirects to another host carry none of the request's own headers, and a
// redirect to plain http is refused unless allowInsecure or to loopback.
// Diagnostics go to logger at debug level (a *slog.Logger is a Logger); nil
// means silence.
func NewHTTPTransport(client *http.Client, allowInsecure bool, logger Logger) Transport {
	rc := retryablehttp.NewClient()
	if client != nil {
		c := *client
		rc.HTTPClient = &c
	}
	rc.HTTPClient.CheckRedirect = checkRedirect(allowInsecure)
	rc.RetryMax = quickRetries
	rc.RetryWaitMin = quickRetryMin
	rc.RetryWaitMax = quickRetryMax
	rc.Logger = nil
	if logger = loggerOrNil(logger); logger != nil {
		rc.Logger = debugLogger{logger}
	}
	rc.CheckRetry = func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		if err == nil {
			return false, nil // statuses are the renewer's to judge
		}
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	rc.ErrorHandler = func(resp *http.Response, err error, _ int) (*http.Response, error) {
		return resp, err
	}
	return &httpTransport{client: rc}
}

// RoundTrip executes req and reads at most MaxBodySize bytes of the answer.
func (t *httpTransport) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	var body any
	if req.Body != nil {
		body = req.Body
	}
	hreq, err := retryablehttp.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		return nil, Permanent(invalidURL(req.Method, req.URL))
	}
	hreq.Header.Set("User-Agent", defaultUAValue)
	for k, v := range req.Header {
		hreq.Header.Set(k, v)
	}
	if req.Body != nil && hreq.Header.Get("Content-Type") == "" {
		hreq.Header.Set("Content-Type", "application/json")
	}
	hresp, err := t.client.Do(hreq)
	if err != nil {
		return nil, transportError(ctx, err)
	}
	defer hresp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(hresp.Body, MaxBodySize+1))
	if err != nil {
		return nil, prefixError("renewer: reading token server response", redactErr(err))
	}
	if len(b) > MaxBodySize {
		return nil, wrapError(ErrBodyTooLarge, "more than "+strconv.Itoa(MaxBodySize)+" bytes")
	}
	resp := &Response{StatusCode: hresp.StatusCode, Header: make(map[string]string, len(hresp.Header)), Body: b}
	for k, v := range hresp.Header {
		if len(v) > 0 {
			resp.Header[strings.ToLower(k)] = v[0]
		}
	}
	return resp, nil
}

// transportError redacts err's URL and marks it Permanent when
// retryablehttp's policy would not retry it (certificate errors, bad
// scheme, too many redirects) or it is ErrInsecureURL.
func transportError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return prefixError("renewer: token server request", ctx.Err())
	}
	err = redactErr(err)
	if errors.Is(err, ErrInsecureURL) {
		return Permanent(err)
	}
	if retry, _ := retryablehttp.DefaultRetryPolicy(context.Background(), nil, err); !retry {
		return Permanent(err)
	}
	return err
}

// redactErr drops the query of a *url.Error's URL.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: redactURL(ue.URL), Err: ue.Err}
	}
	return err
}

// checkRedirect follows at most maxRedirects redirects, refuses insecure
// ones, and strips every header but a few harmless ones when the host
// changes (net/http strips only Authorization, Cookie and WWW-Authenticate).
func checkRedirect(allowInsecure bool) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return errors.New("stopped after too many redirects")
		}
		if err := checkURL(req.URL.String(), allowInsecure); err != nil {
			return err
		}
		if req.URL.Host != via[0].URL.Host {
			for k := range req.Header {
				switch k {
				case "User-Agent", "Accept", "Accept-Encoding", "Content-Type", "Content-Length":
				default:
					req.Header.Del(k)
				}
			}
		}
		return nil
	}
}

// debugLogger routes retryablehttp's messages to a Logger at debug.
type debugLogger struct{ l Logger }

func (d debugLogger) Error(msg string, kv ...any) { d.l.Debug(msg, scrub(kv)...) }
func (d debugLogger) Info(msg string, kv ...any)  { d.l.Debug(msg, scrub(kv)...) }
func (d debugLogger) Debug(msg string, kv ...any) { d.l.Debug(msg, scrub(kv)...) }
func (d debugLogger) Warn(msg string, kv ...any)  { d.l.Debug(msg, scrub(kv)...) }

// scrub drops URL queries from retryablehttp's key-value pairs ("url",
// and "request", which is a method and a URL).
func scrub(kv []any) []any {
	out := make([]any, 0, len(kv))
	for i, v := range kv {
		if i%2 == 1 {
			if s, ok := kv[i-1].(string); ok && (s == "url" || s == "request") {
				v = redactURL(fmt.Sprint(v))
			}
			if _, ok := v.(error); ok {
				v = redactErr(v.(error)).Error()
			}
		}
		out = append(out, v)
	}
	return out
}
