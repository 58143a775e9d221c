package httpsource

import (
	"context"
	"time"
)

// MaxBodySize is the largest token server response body read, in bytes.
const MaxBodySize = 64 << 10

// A Request describes one call to a token server: renewer.Request's
// fields, without its methods.
type Request struct {
	Method      string            // "GET" or "POST"
	URL         string            // absolute URL
	Header      map[string]string // request headers, canonical or not
	Body        []byte            // request body, or nil
	Credentials string            // the browser fetch credentials mode; native transports ignore it
}

// A Response is a token server's answer: renewer.Response's fields.
type Response struct {
	StatusCode int
	Header     map[string]string // lower-case names; for a name sent several times, the first value
	Body       []byte            // at most MaxBodySize bytes
}

// A Transport executes a Request (see renewer.Transport).
type Transport interface {
	RoundTrip(ctx context.Context, req *Request) (*Response, error)
}

// A Logger takes debug lines (renewer.Logger has its method).
type Logger interface {
	Debug(msg string, args ...any)
}

// MaxRetryAfter is the longest Retry-After believed; longer ones are cut
// to it.
const MaxRetryAfter = time.Hour
