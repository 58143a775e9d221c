package renewer

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/internal/urlx"
	"github.com/tokenrenew/tokenrenew/internal/wire"
)

// MaxBodySize is the largest token server response body read, in bytes.
const MaxBodySize = 64 << 10

// A Request describes one call to a token server. Profiles build it;
// Transports execute it.
type Request struct {
	Method string            // "GET" or "POST"
	URL    string            // absolute URL
	Header map[string]string // request headers, canonical or not
	Body   []byte            // request body, or nil
	// Credentials is the browser fetch credentials mode ("include" for
	// cookie-authenticated webhooks); empty means the transport's default.
	// Native transports ignore it.
	Credentials string
}

// A Response is a token server's answer.
type Response struct {
	StatusCode int
	// Header holds the response headers with lower-case names; for a name
	// sent several times, the first value.
	Header map[string]string
	// Body is the response body, at most MaxBodySize bytes.
	Body []byte
}

// String describes the request without header values, the URL's query or
// the body: any of them may carry a credential.
func (r Request) String() string {
	return "renewer.Request{" + r.Method + " " + urlx.Redact(r.URL) + ", Header:" + headerNames(r.Header) +
		" (values redacted), Body:" + strconv.Itoa(len(r.Body)) + " bytes}"
}

// Format implements fmt.Formatter: every verb prints String.
func (r Request) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(r.String())) }

// MarshalJSON encodes String, so that no credential is marshalled either.
func (r Request) MarshalJSON() ([]byte, error) { return jsonlite.AppendString(nil, r.String()), nil }

// String describes the response without header values or the body, which
// holds the token.
func (r Response) String() string {
	return "renewer.Response{StatusCode:" + strconv.Itoa(r.StatusCode) + ", Header:" + headerNames(r.Header) +
		" (values redacted), Body:" + strconv.Itoa(len(r.Body)) + " bytes (redacted)}"
}

// Format implements fmt.Formatter: every verb prints String.
func (r Response) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(r.String())) }

// MarshalJSON encodes String, so that the token is not marshalled either.
func (r Response) MarshalJSON() ([]byte, error) { return jsonlite.AppendString(nil, r.String()), nil }

// headerNames returns h's names, sorted, as fmt prints a []string: "[A B]".
func headerNames(h map[string]string) string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	return "[" + strings.Join(names, " ") + "]"
}

// A Transport executes a Request. It returns a Response for every HTTP
// answer, whatever its status, and an error only when no answer came. It
// wraps errors that retrying cannot cure (TLS, bad URL, a refused redirect)
// with Permanent. No answer, whatever the server does, holds RoundTrip past
// the end of ctx.
//
// The native default is built on hashicorp/go-retryablehttp; the js/wasm
// default calls the browser's fetch.
type Transport interface {
	RoundTrip(ctx context.Context, req *Request) (*Response, error)
}

// ErrRedirect: the native transport refused to follow a redirect: a loop,
// more than five in a row, or a 307 or 308 that would send the request
// body to another host. Permanent. (In the browser, fetch follows
// redirects itself and reports a loop as a network failure.)
var ErrRedirect = errors.New("renewer: token server redirect refused")

// checkURL returns raw parsed, or ErrInvalidURL unless raw is an absolute
// http or https URL, and ErrInsecureURL unless it is https, or http for a
// loopback host, or allowInsecure is set. Both are Permanent.
func checkURL(raw string, allowInsecure bool) (*url.URL, error) {
	u, ok := urlx.Parse(raw)
	if !ok || u.Scheme != "https" && u.Scheme != "http" {
		return nil, Permanent(invalidURL("parse", raw))
	}
	if u.Scheme == "https" || allowInsecure || urlx.IsLoopback(u.Hostname()) {
		return u, nil
	}
	return nil, Permanent(ErrInsecureURL)
}

// parseRetryAfter parses a Retry-After value: delay seconds (any number of
// digits), or an HTTP date relative to now, the server's time when it
// answered (see serverNow). It returns zero for anything else, and cuts
// the delay to maxRetryAfter.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, ok := parseUint(v); ok {
		d = time.Duration(min(n, uint64(maxRetryAfter/time.Second))) * time.Second
	} else if t, ok := wire.HTTPDate(v); ok {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}

// parseUint parses a decimal of digits only, of any length; a value past
// the range of uint64 reads as math.MaxUint64.
func parseUint(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > (math.MaxUint64-9)/10 {
			n = math.MaxUint64
			continue
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}
