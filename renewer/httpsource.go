package renewer

import (
	"context"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/httpsource"
	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
)

// httpSource is the Source Config.URL builds: package httpsource sends a
// Profile's request and brings the answer back; the Profile reads the
// token from it; the renewer's expiry rule (resolveExpiry) says when it
// expires. It reaches the engine through the interfaces any Source may
// implement, and nothing else.
type httpSource struct {
	http     *httpsource.Source
	profile  Profile
	fallback time.Duration
	secrets  []string // the configured secrets (see Secrets)
	scrub    scrubber // secrets, kept out of server-supplied text
	clock    skewWitness
}

// newHTTPSource checks c's URL and builds the source it describes, whose
// times are now's.
func newHTTPSource(c Config, now func() time.Time) (*httpSource, error) {
	u, err := httpsource.CheckURL(c.URL, c.AllowInsecureHTTP)
	if err != nil {
		return nil, err
	}
	p := c.Profile
	if p == nil {
		p = Detect{}
	}
	t := c.Transport
	if t == nil {
		t = defaultTransport(c.AllowInsecureHTTP, c.Logger)
	}
	s := &httpSource{profile: p, fallback: c.FallbackTTL, secrets: httpsource.Secrets(c.URL, u, c.Header)}
	s.http = httpsource.New(httpsource.Config{URL: c.URL, NewRequest: s.newRequest, Header: c.Header,
		Transport: transportOf{t}, Now: now})
	s.scrub = newScrubber(s.secrets)
	// A profile is pure: building one request shows whether its settings
	// are ones the server would refuse or misread, and whether every
	// header can be sent. An error that matches none of the renewer's
	// conditions (a custom profile's own) is one of its settings.
	if err := appCall("Profile.NewRequest", func() error { _, err := s.http.Request(); return err }); err != nil {
		if _, named := condition(err); !named {
			// The profile's own error, read through a guarded copy: a
			// typed nil or an Error that panics must not crash whoever
			// prints what New returned.
			err = Permanent(errtext.Pair(ErrInvalidProfile, scrubber{}.redact(err)))
		}
		return nil, err
	}
	return s, nil
}

// newRequest is the profile's NewRequest, in httpsource's terms.
func (s *httpSource) newRequest(endpoint string) (*httpsource.Request, error) {
	req, err := s.profile.NewRequest(endpoint)
	return (*httpsource.Request)(req), err
}

// Secrets returns the configured secrets: the header values, and the
// URL's user info, password and query values. It makes the HTTP source a
// SecretHolder.
func (s *httpSource) Secrets() []string { return s.secrets }

// Identity returns what makes the source's tokens one user's: the request
// it sends (method, URL with its query, body), every header it sends with
// its value (Config.Header over the profile's, names in lower case, in
// order), and what the profile says it reads. A request the profile cannot
// describe is an error New already reported; its URL alone stands in. It
// makes the HTTP source an Identifier.
func (s *httpSource) Identity() []string {
	parts := s.http.Identity()
	if id, ok := s.profile.(Identifier); ok {
		parts = append(parts, "profile")
		parts = append(parts, id.Identity()...)
	}
	return parts
}

// CheckToken reports whether tok, from a seed or a Store, was minted for
// the identity the profile asks for, where the token says (see
// IdentityChecker). It makes the HTTP source a TokenChecker.
func (s *httpSource) CheckToken(tok Token) error {
	if p, ok := s.profile.(IdentityChecker); ok {
		if info, err := tokeninfo.Inspect(tok.Value); err == nil {
			return p.CheckIdentity(info)
		}
	}
	return nil
}

// Fetch makes one request and reads the token and its expiry.
func (s *httpSource) Fetch(ctx context.Context) (Token, error) { return s.FetchHeld(ctx, Token{}) }

// FetchHeld is Fetch, which also scrubs held, the token the fetch is to
// replace, from a server's error. It makes the HTTP source a HeldFetcher.
func (s *httpSource) FetchHeld(ctx context.Context, held Token) (Token, error) {
	a, err := s.http.Send(ctx)
	if err != nil {
		return Token{}, s.scrub.err(err)
	}
	if !a.OK() {
		// The renewer's current token, too: a server may say which one
		// it still considers active.
		return Token{}, statusError(a, scrubber{s.scrub.WithJSONSecrets(a.Body)}.with(held))
	}
	if httpsource.IsMarkup(a.Body) {
		return Token{}, errMarkup
	}
	g, err := s.profile.Parse((*Response)(a.Response))
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
	if err := resolveExpiry(&tok, g, a.Sent, a.Received, a.Header, s.fallback, &s.clock); err != nil {
		return Token{}, err
	}
	return tok, nil
}

// statusError describes a non-2xx answer: its code, the Retry-After it
// asked for (an HTTP date read against the server's clock), and the
// server's short explanation when it gave one, with scrub's secrets
// removed.
func statusError(a httpsource.Answer, scrub scrubber) error {
	se := &StatusError{
		StatusCode: a.StatusCode,
		RetryAfter: httpsource.RetryAfter(a.Response, a.Received),
		Message:    httpsource.Message(a.Response, scrub.Set),
	}
	if httpsource.OriginRefused(a.Response, se.Message) {
		return errtext.Pair(errtext.Wrap(ErrOriginNotAllowed, httpsource.OriginAdvice), se)
	}
	return se
}

// errMarkup reports a 2xx answer that is an HTML (or XML) page: a wrong
// URL (a web app's fallback page), or a captive portal's login page.
var errMarkup = errtext.Wrap(ErrMalformedResponse, "the server answered with an HTML page, not a token (is the URL the token endpoint?)")

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
