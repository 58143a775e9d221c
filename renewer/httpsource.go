package renewer

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
)

// httpSource fetches tokens from a token server: a Profile describes the
// exchange, a Transport carries it.
type httpSource struct {
	url       string
	profile   Profile
	header    map[string]string
	transport Transport
	fallback  time.Duration
	now       func() time.Time
	secrets   []string // the configured secrets (see Secrets)
	scrub     scrubber // secrets, kept out of server-supplied text
	clock     skewWitness
}

// newHTTPSource checks c's URL and builds the source it describes.
func newHTTPSource(c Config, now func() time.Time) (*httpSource, error) {
	u, err := checkURL(c.URL, c.AllowInsecureHTTP)
	if err != nil {
		return nil, err
	}
	p := c.Profile
	if p == nil {
		p = Detect{}
	}
	s := &httpSource{url: c.URL, profile: p, header: c.Header, fallback: c.FallbackTTL, now: now,
		secrets: configSecrets(c.URL, u, c.Header)}
	s.scrub = newScrubber(s.secrets)
	// A profile is pure: building one request shows whether its settings
	// are ones the server would refuse or misread, and whether every
	// header can be sent. An error that matches none of the renewer's
	// conditions (a custom profile's own) is one of its settings.
	if err := appCall("Profile.NewRequest", func() error { _, err := s.request(); return err }); err != nil {
		if _, named := condition(err); !named {
			// The profile's own error, read through a guarded copy: a
			// typed nil or an Error that panics must not crash whoever
			// prints what New returned.
			err = Permanent(errtext.Pair(ErrInvalidProfile, scrubber{}.redact(err)))
		}
		return nil, err
	}
	s.transport = c.Transport
	if s.transport == nil {
		s.transport = defaultTransport(c.AllowInsecureHTTP, c.Logger)
	}
	return s, nil
}

// Secrets returns the configured secrets: the header values, and the
// URL's user info, password and query values. It makes the HTTP source a
// SecretHolder.
func (s *httpSource) Secrets() []string { return s.secrets }

// Identity returns what makes the source's tokens one user's: the request
// it sends (method, URL with its query, body), every header it sends with
// its value (Config.Header over the profile's, names in lower case, in
// order), and what the profile says it reads. A request the profile cannot
// describe is an error New already reported; its URL alone stands in.
func (s *httpSource) Identity() []string {
	req, err := s.request()
	if err != nil {
		req = &Request{URL: s.url}
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
	if id, ok := s.profile.(Identifier); ok {
		parts = append(parts, "profile")
		parts = append(parts, id.Identity()...)
	}
	return parts
}

// CheckToken reports whether tok, from a seed or a Store, was minted for
// the identity the profile asks for, where the token says (see
// IdentityChecker).
func (s *httpSource) CheckToken(tok Token) error {
	if p, ok := s.profile.(IdentityChecker); ok {
		if info, err := tokeninfo.Inspect(tok.Value); err == nil {
			return p.CheckIdentity(info)
		}
	}
	return nil
}

// request builds the request to send: the profile's, with Config.Header
// over its headers. It fails with ErrInvalidHeader for a header no
// transport could send.
func (s *httpSource) request() (*Request, error) {
	req, err := s.profile.NewRequest(s.url)
	if err != nil {
		return nil, err
	}
	if len(s.header) > 0 {
		h := make(map[string]string, len(req.Header)+len(s.header))
		for k, v := range req.Header {
			h[k] = v
		}
		for k, v := range s.header {
			h[k] = v
		}
		req.Header = h
	}
	if err := checkHeader(req.Header); err != nil {
		return nil, err
	}
	return req, nil
}

// Fetch makes one request and reads the token and its expiry.
func (s *httpSource) Fetch(ctx context.Context) (Token, error) { return s.FetchHeld(ctx, Token{}) }

// FetchHeld is Fetch, which also scrubs held, the token the fetch is to
// replace, from a server's error. It makes the HTTP source a HeldFetcher.
func (s *httpSource) FetchHeld(ctx context.Context, held Token) (Token, error) {
	req, err := s.request()
	if err != nil {
		return Token{}, Permanent(err)
	}
	sent := s.now()
	resp, err := s.transport.RoundTrip(ctx, req)
	if err != nil {
		return Token{}, s.scrub.err(err)
	}
	received := s.now()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// The renewer's current token, too: a server may say which one
		// it still considers active.
		return Token{}, statusError(resp, received, s.scrub.withTokens(resp.Body).with(held))
	}
	if isMarkup(resp.Body) {
		return Token{}, errMarkup
	}
	g, err := s.profile.Parse(resp)
	if err != nil {
		return Token{}, err
	}
	if err := checkExtras(g.Extra); err != nil {
		return Token{}, err
	}
	if err := checkValue(g.Value); err != nil {
		return Token{}, err
	}
	tok := Token{Value: g.Value, Extra: g.Extra}
	if err := resolveExpiry(&tok, g, sent, received, resp.Header, s.fallback, &s.clock); err != nil {
		return Token{}, err
	}
	return tok, nil
}

// statusError describes a non-2xx response received at now: its code, the
// Retry-After it asked for (an HTTP date read against the server's clock),
// and the server's short explanation when it gave one, with
// scrub's secrets removed.
func statusError(resp *Response, now time.Time, scrub scrubber) error {
	se := &StatusError{
		StatusCode: resp.StatusCode,
		RetryAfter: parseRetryAfter(resp.Header["retry-after"], serverNow(resp.Header, now)),
		Message:    errorMessage(resp, scrub),
	}
	if se.StatusCode == 403 && strings.Contains(strings.ToLower(se.Message), "origin not allowed") {
		return errtext.Pair(errtext.Wrap(ErrOriginNotAllowed, originAdvice), se)
	}
	return se
}

// errMarkup reports a 2xx answer that is an HTML (or XML) page: a wrong
// URL (a web app's fallback page), or a captive portal's login page.
var errMarkup = errtext.Wrap(ErrMalformedResponse, "the server answered with an HTML page, not a token (is the URL the token endpoint?)")

// isMarkup reports whether body is markup: its first byte, after white
// space and a UTF-8 byte order mark, is '<', which no token, JSON or
// plain-text answer begins with.
func isMarkup(body []byte) bool {
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c == '<':
			return true
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case i+2 < len(body) && c == 0xef && body[i+1] == 0xbb && body[i+2] == 0xbf:
			i += 2 // a byte order mark
		default:
			return false
		}
	}
	return false
}

// errorMessage returns a short printable explanation from an error body: the
// "error" or "message" field of a JSON object, or the first line of the
// first 4 KiB of text, with scrub's secrets removed (see scrubber.message).
// The whole body is decoded, so that a JSON body over 4 KiB is not shown
// as raw text; a body that begins as a JSON object but does not decode is
// not shown at all.
func errorMessage(resp *Response, scrub scrubber) string {
	msg := ""
	v, err := jsonlite.Decode(resp.Body, true)
	if obj, isObj := v.(map[string]any); err == nil && (v == nil || isObj) {
		for _, k := range [...]string{"error", "message", "error_description", "body"} {
			if s, ok := obj[k].(string); ok {
				msg = s
				break
			}
		}
	} else if !strings.Contains(resp.Header["content-type"], "html") && !strings.HasPrefix(strings.TrimSpace(string(resp.Body[:min(len(resp.Body), 64)])), "{") {
		// Not a JSON object (a broken one could hold a token in any
		// field, under any name): its first line.
		msg, _, _ = strings.Cut(string(resp.Body[:min(len(resp.Body), 4096)]), "\n")
	}
	return scrub.message(msg, maxMessageLen)
}

// checkExtras checks every Secret a profile kept, as the token itself is
// checked: a second token (Agora's RTM token) must be one too.
func checkExtras(extra map[string]any) error {
	for _, v := range extra {
		if s, ok := v.(Secret); ok {
			if err := checkValue(string(s)); err != nil {
				return err
			}
		}
	}
	return nil
}
