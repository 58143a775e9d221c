package httpsource

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/permanent"
)

// A Source sends the request of one token server configuration and brings
// back the answer, whatever its status. It is safe for concurrent use when
// its NewRequest and Transport are.
type Source struct {
	c Config
}

// Config configures a Source. Every field but Header is required.
type Config struct {
	// URL is the token server's endpoint, checked with CheckURL.
	URL string
	// NewRequest describes the request to endpoint: a profile's.
	NewRequest func(endpoint string) (*Request, error)
	// Header is sent over NewRequest's headers.
	Header map[string]string
	// Transport carries the request.
	Transport Transport
	// Now tells the time a request is sent and its answer received.
	Now func() time.Time
}

// New returns the Source c describes.
func New(c Config) *Source { return &Source{c} }

// Request builds the request to send: NewRequest's, with Header over its
// headers. It fails with ErrInvalidHeader for a header no transport could
// send, and with NewRequest's own error.
func (s *Source) Request() (*Request, error) {
	req, err := s.c.NewRequest(s.c.URL)
	if err != nil {
		return nil, err
	}
	if len(s.c.Header) > 0 {
		h := make(map[string]string, len(req.Header)+len(s.c.Header))
		for k, v := range req.Header {
			h[k] = v
		}
		for k, v := range s.c.Header {
			h[k] = v
		}
		req.Header = h
	}
	if err := CheckHeader(req.Header); err != nil {
		return nil, err
	}
	return req, nil
}

// Identity returns what makes the answers of the request it sends one
// user's: its method, URL with its query and body, and every header with
// its value (Header over NewRequest's, names in lower case, in order). A
// request NewRequest cannot describe stands as its URL alone.
func (s *Source) Identity() []string {
	req, err := s.Request()
	if err != nil {
		req = &Request{URL: s.c.URL}
	}
	parts := []string{"method", strings.ToUpper(req.Method), "url", req.URL, "body", string(req.Body)}
	// Sorted by name in lower case (then as written: both are sent), with
	// slices.Sort, whose instantiation for strings the build has anyway.
	names := make([]string, 0, len(req.Header))
	for k := range req.Header {
		names = append(names, strings.ToLower(k)+"\x00"+k)
	}
	slices.Sort(names)
	for _, n := range names {
		lower, k, _ := strings.Cut(n, "\x00")
		parts = append(parts, "header", lower, req.Header[k])
	}
	return parts
}

// An Answer is a token server's response with the times of its request.
type Answer struct {
	*Response
	// Sent is when the request was sent; Received, when the answer came.
	Sent, Received time.Time
}

// OK reports whether the status is 2xx.
func (a Answer) OK() bool { return a.StatusCode >= 200 && a.StatusCode <= 299 }

// Send makes one request. It fails when no answer came (the transport's
// error, or errNoResponse from a Transport that gave neither), or when the request cannot be built (Request's error, marked
// permanent). It returns an answer of any status, which
// is for the caller to read.
func (s *Source) Send(ctx context.Context) (Answer, error) {
	req, err := s.Request()
	if err != nil {
		return Answer{}, permanent.Mark(err)
	}
	a := Answer{Sent: s.c.Now()}
	if a.Response, err = s.c.Transport.RoundTrip(ctx, req); err != nil {
		return Answer{}, err
	}
	if a.Response == nil {
		return Answer{}, errNoResponse
	}
	a.Received = s.c.Now()
	return a, nil
}

// errNoResponse reports a Transport that returned neither a response nor
// an error: a bug of the Transport's, retried as a passing failure would be.
var errNoResponse = errors.New("renewer: the Transport returned no response and no error")
