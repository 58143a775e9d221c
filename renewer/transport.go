package renewer

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tokenrenew/tokenrenew/internal/httpsource"
	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

// MaxBodySize is the largest token server response body read, in bytes.
const MaxBodySize = httpsource.MaxBodySize

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
var ErrRedirect = httpsource.ErrRedirect

// ErrInvalidHeader: a request header, from Config.Header or added by the
// profile, has a name that is not an HTTP token (RFC 9110, section 5.6.2:
// letters, digits and !#$%&'*+-.^_`|~) or a value with a byte other than
// visible ASCII, space and tab. New refuses it; the error names the header
// but never its value, which is often a secret.
//
// A value beyond ASCII is refused, not only a control byte: a browser's
// fetch sends header values as Latin-1 and throws for any other character
// (a curly quote pasted with an API key), and Go and the browsers disagree
// on what to send for the bytes of a UTF-8 value, so no face could send it
// the same way. Permanent.
var ErrInvalidHeader = httpsource.ErrInvalidHeader

// The renewer's Request and Response have the fields of httpsource's, in
// the same order, so that a pointer to one converts to a pointer to the
// other, with no copy; the conversions below compile only while that
// holds. The HTTP source speaks httpsource's; a Transport, the renewer's.

// transportOf adapts a Transport (the app's, or one of scrubbedTransport)
// to httpsource's.
type transportOf struct{ t Transport }

func (a transportOf) RoundTrip(ctx context.Context, req *httpsource.Request) (*httpsource.Response, error) {
	resp, err := a.t.RoundTrip(ctx, (*Request)(req))
	return (*httpsource.Response)(resp), err
}

// scrubbedTransport is one of httpsource's transports as the renewer
// exports them (NewHTTPTransport, NewFetchTransport): its errors hold none
// of the request's secrets (see httpsource.Secrets).
type scrubbedTransport struct{ t httpsource.Transport }

func (s scrubbedTransport) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	resp, err := s.t.RoundTrip(ctx, (*httpsource.Request)(req))
	if err != nil {
		u, _ := urlx.Parse(req.URL)
		return nil, newScrubber(httpsource.Secrets(req.URL, u, req.Header)).err(err)
	}
	return (*Response)(resp), nil
}
