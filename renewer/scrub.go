package renewer

import (
	"net/url"
	"strings"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

// Secrets shorter than these are not scrubbed: a whole header or query
// value of 1 to 3 bytes ("1", "en") is not a credential, and scrubbing it
// would shred every message; a piece of a value ("Bearer", a cookie name)
// must be longer still to count.
const (
	minSecretLen      = 4
	minSecretPieceLen = 8
)

// redacted replaces a secret in server-supplied text.
const redacted = "[REDACTED]"

// A scrubber removes known secrets from text a server supplied (an error
// body, a transport error quoting the server) before it reaches an error,
// a log or an event: the configured header values, the values of the
// URL's query and its password, and token values the response held. A
// server that echoes the request thus cannot make the renewer report a
// credential. The zero scrubber removes nothing.
type scrubber struct{ secrets []string }

// newScrubber returns a scrubber for the secrets of a configuration: the
// header values and the URL's query values and password.
func newScrubber(rawURL string, header map[string]string) scrubber {
	var s scrubber
	for _, v := range header {
		s.add(v)
	}
	if u, ok := urlx.Parse(rawURL); ok {
		if p, ok := u.User.Password(); ok {
			s.add(p)
		}
		for rest := u.RawQuery; rest != ""; {
			var pair string
			pair, rest, _ = strings.Cut(rest, "&")
			_, v, _ := strings.Cut(pair, "=")
			s.add(v)
		}
		for _, vs := range urlx.QueryValues(u.RawQuery) {
			for _, v := range vs {
				s.add(v)
			}
		}
	}
	return s
}

// add makes v a secret, and the pieces of v between spaces, commas,
// semicolons and equals signs (a bearer credential, cookie values) too.
func (s *scrubber) add(v string) {
	v = strings.TrimSpace(v)
	if len(v) < minSecretLen {
		return
	}
	s.insert(v)
	for rest := v; rest != ""; {
		i := strings.IndexAny(rest, " ,;=")
		if i < 0 {
			i = len(rest)
		}
		if p := rest[:i]; len(p) >= minSecretPieceLen && p != v {
			s.insert(p)
		}
		rest = rest[min(i+1, len(rest)):]
	}
	if e := url.QueryEscape(v); e != v {
		s.insert(e)
	}
}

// insert adds v to the secrets, kept longest first, so that a secret
// containing another is replaced whole.
func (s *scrubber) insert(v string) {
	i := len(s.secrets)
	for i > 0 && len(s.secrets[i-1]) < len(v) {
		i--
	}
	s.secrets = append(s.secrets, "")
	copy(s.secrets[i+1:], s.secrets[i:])
	s.secrets[i] = v
}

// withTokens returns a copy of s that also scrubs the string values of
// body's JSON fields whose names contain "token" (any case).
func (s scrubber) withTokens(body []byte) scrubber {
	v, err := jsonlite.Decode(body, true)
	obj, ok := v.(map[string]any)
	if err != nil || !ok {
		return s
	}
	c := scrubber{secrets: append([]string(nil), s.secrets...)}
	for k, v := range obj {
		if str, ok := v.(string); ok && strings.Contains(strings.ToLower(k), "token") {
			c.add(str)
		}
	}
	return c
}

// with returns a copy of s that also scrubs tok's value and Secret extras.
func (s scrubber) with(tok Token) scrubber {
	if tok.Value == "" {
		return s
	}
	c := scrubber{secrets: append([]string(nil), s.secrets...)}
	c.addToken(tok)
	return c
}

// text returns t with every secret replaced, longest first.
func (s scrubber) text(t string) string {
	for _, v := range s.secrets {
		t = strings.ReplaceAll(t, v, redacted)
	}
	return t
}

// err returns err, or when its text holds a secret, an error reading the
// scrubbed text that still matches err with errors.Is and errors.As.
func (s scrubber) err(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := s.text(msg); clean != msg {
		return &scrubbedError{msg: clean, err: err}
	}
	return err
}

// A scrubbedError is err with secrets removed from its text.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// Redact returns err unchanged or, when its text holds a secret the
// renewer knows, an error whose text has each one replaced with
// "[REDACTED]" and that still matches err with errors.Is and errors.As.
// The secrets are the configured header values and the URL's query values
// and password, and the value and Secret extras of the current token and
// of toks (the token a callback was given, say). A nil Renewer knows only
// toks.
//
// The renewer passes through it every error a fetch ends with (what a
// Source returns or panics with, what a token server says) and the text of
// a Store's error or panic, before it records, logs, emits or returns
// them; the faces do the same with what the app's own callbacks throw. It is safe to call from
// any goroutine, callbacks included, and takes no lock.
func (r *Renewer) Redact(err error, toks ...Token) error {
	if err == nil {
		return nil
	}
	var s scrubber
	if r != nil {
		if hs, ok := r.src.(*httpSource); ok {
			s.secrets = append(s.secrets, hs.scrub.secrets...)
		}
		if c := r.cur.Load(); c != nil {
			s.addToken(c.tok)
		}
	}
	for _, t := range toks {
		s.addToken(t)
	}
	return s.err(err)
}

// addToken makes tok's value and its Secret extras secrets.
func (s *scrubber) addToken(tok Token) {
	s.add(tok.Value)
	for _, v := range tok.Extra {
		if sec, ok := v.(Secret); ok {
			s.add(string(sec))
		}
	}
}
