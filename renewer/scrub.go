package renewer

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

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
type scrubber struct {
	secrets []string
	all     bool // every text is withheld whole (a SecretHolder panicked)
}

// newScrubber returns a scrubber for secrets (see add).
func newScrubber(secrets []string) scrubber {
	var s scrubber
	for _, v := range secrets {
		s.add(v)
	}
	return s
}

// configSecrets returns the secrets of an HTTP source's configuration:
// the header values, and the URL's user info and password as urlx.Redact
// finds them and its query values, each as written and decoded. u is
// rawURL parsed, or nil if it does not parse.
func configSecrets(rawURL string, u *url.URL, header map[string]string) []string {
	var secrets []string
	for _, v := range header {
		secrets = append(secrets, v)
	}
	if ui := urlx.Userinfo(rawURL); ui != "" {
		// What Redact takes for user info, whether or not it parses as
		// such: a password may hold '/', '?' or '#' unescaped.
		secrets = append(secrets, ui)
		if _, p, ok := strings.Cut(ui, ":"); ok {
			secrets = append(secrets, p)
			if d, err := url.PathUnescape(p); err == nil {
				secrets = append(secrets, d)
			}
		}
	}
	if u != nil {
		if p, ok := u.User.Password(); ok {
			secrets = append(secrets, p)
		}
		for rest := u.RawQuery; rest != ""; {
			var pair string
			pair, rest, _ = strings.Cut(rest, "&")
			_, v, _ := strings.Cut(pair, "=")
			secrets = append(secrets, v)
		}
		for _, vs := range urlx.QueryValues(u.RawQuery) {
			secrets = append(secrets, vs...)
		}
	}
	return secrets
}

// add makes v a secret, and the pieces of v between spaces, commas,
// semicolons and equals signs (a bearer credential, cookie values) too,
// each also as a URL query, Go's %q and JSON's "\/" escape it: net/http
// quotes what a server sent with %q.
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
	for _, e := range [...]string{url.QueryEscape(v), strconv.Quote(v), strings.ReplaceAll(v, "/", `\/`)} {
		e = strings.TrimSuffix(strings.TrimPrefix(e, `"`), `"`)
		if e != v {
			s.insert(e)
		}
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
// body's JSON fields, at any depth, whose names contain "token", "secret"
// or "jwt" (any case).
func (s scrubber) withTokens(body []byte) scrubber {
	v, err := jsonlite.Decode(body, true)
	if err != nil {
		return s
	}
	c := scrubber{secrets: append([]string(nil), s.secrets...), all: s.all}
	c.addFields(v, false, 0)
	return c
}

// addFields adds the strings of v that sit under a secret-looking name
// (secret: v's own name is one), down to a bounded depth.
func (s *scrubber) addFields(v any, secret bool, depth int) {
	if depth > 32 {
		return
	}
	switch x := v.(type) {
	case string:
		if secret {
			s.add(x)
		}
	case []any:
		for _, e := range x {
			s.addFields(e, secret, depth+1)
		}
	case map[string]any:
		for k, e := range x {
			k = strings.ToLower(k)
			s.addFields(e, secret || strings.Contains(k, "token") || strings.Contains(k, "secret") || strings.Contains(k, "jwt"), depth+1)
		}
	}
}

// with returns a copy of s that also scrubs tok's value and Secret extras.
func (s scrubber) with(tok Token) scrubber {
	if tok.Value == "" {
		return s
	}
	c := scrubber{secrets: append([]string(nil), s.secrets...), all: s.all}
	c.addToken(tok)
	return c
}

// text returns t with every secret replaced, longest first, or, from a
// scrubber that withholds all, "[REDACTED]" for any t but "".
func (s scrubber) text(t string) string {
	if s.all && t != "" {
		return redacted
	}
	for _, v := range s.secrets {
		t = strings.ReplaceAll(t, v, redacted)
	}
	return t
}

// err returns the redactedError that stands for err (see redact): its
// text and its StatusError's Message with s's secrets replaced, and no
// original value at any depth of its chain.
func (s scrubber) err(err error) error { return s.redact(err) }

// maxMessageLen bounds StatusError.Message.
const maxMessageLen = 200

// message returns text a server supplied as a short explanation, made
// printable: JSON escapes undone ("\/" is "/"), control and non-ASCII bytes
// dropped, s's secrets replaced, cut to n bytes. The secrets are replaced
// after the unescaping and the stripping, so that neither an escape nor a
// control byte inside a token hides it, and before the cut, so that no
// piece of one survives.
func (s scrubber) message(msg string, n int) string {
	return printable(s.text(printable(unescapeJSON(msg), len(msg))), n)
}

// printable returns s without control or non-ASCII bytes, cut to n bytes.
func printable(s string, n int) string {
	b := make([]byte, 0, min(len(s), n))
	for i := 0; i < len(s) && len(b) < n; i++ {
		if c := s[i]; c >= ' ' && c < 0x7f {
			b = append(b, c)
		}
	}
	return strings.TrimSpace(string(b))
}

// unescapeJSON undoes the escapes of a JSON string ("\/", "\"", "\\",
// "\n", "\u0041") wherever they appear in msg; other backslashes stay.
func unescapeJSON(msg string) string {
	if !strings.Contains(msg, `\`) {
		return msg
	}
	b := make([]byte, 0, len(msg))
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		if c != '\\' || i+1 == len(msg) {
			b = append(b, c)
			continue
		}
		switch e := msg[i+1]; e {
		case '/', '"', '\\':
			b = append(b, e)
			i++
		case 'b', 'f', 'n', 'r', 't': // control bytes: dropped, as printable drops them
			i++
		case 'u':
			r, ok := hex4(msg[i+2:])
			if !ok {
				b = append(b, c)
				continue
			}
			b = utf8.AppendRune(b, r)
			i += 5
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// hex4 reads four hex digits at the start of s.
func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	n, err := strconv.ParseUint(s[:4], 16, 16) // base 16: no sign, prefix or '_'
	return rune(n), err == nil
}

// Redact returns an error that stands for err with no secret at any depth
// of its chain: its text is err's with each secret the renewer knows
// replaced with "[REDACTED]", and its chain (errors.Unwrap, errors.Is,
// errors.As) holds none of err's own values, only copies of what Code,
// IsPermanent and errors.Is need: the conditions err matched (the
// renewer's Err values, context.Canceled and DeadlineExceeded, io.EOF and
// io.ErrUnexpectedEOF, the fs conditions, errors.ErrUnsupported,
// http.ErrSchemeMismatch), a copy of its *StatusError whose Message is
// scrubbed, a copy of its *tls.CertificateVerificationError, whether it
// was Permanent and whether it was a timeout. errors.Is with any other
// target (an app's own sentinel) asks err, guarded, on the caller's
// goroutine; errors.As finds no other type of err's: an app that needs
// its own error value back keeps it itself.
//
// The secrets are the Source's (see SecretHolder: for the HTTP source,
// the configured header values and the URL's query values and password),
// and the value and Secret extras of the current token and
// of toks (the token a callback was given, say). A nil Renewer knows only
// toks. If the Source's Secrets panics, the text is withheld whole.
//
// Redact reads err once, guarded: a method of err (Error, Is, As, Unwrap)
// that panics is taken to say nothing, and an Error that panics (a nil *T
// whose Error reads its receiver) reads as the name of err's type. The
// renewer passes through it every error a fetch ends with (what a Source
// returns or panics with, what a token server or the transport says) and
// every error or panic of a Store, before it records, logs, emits or
// returns them; the faces do the same with what the app's own callbacks
// throw. It is safe to call from any goroutine, callbacks included, and
// takes no lock.
func (r *Renewer) Redact(err error, toks ...Token) error {
	if err == nil {
		return nil
	}
	var s scrubber
	if r != nil {
		s = r.sourceScrubber()
		if c := r.cur.Load(); c != nil {
			s.addToken(c.tok)
		}
	}
	for _, t := range toks {
		s.addToken(t)
	}
	return s.err(err)
}

// sourceScrubber returns a scrubber of the Source's secrets (see
// SecretHolder), or, if its Secrets panics, one that withholds all.
func (r *Renewer) sourceScrubber() (s scrubber) {
	h, ok := r.src.(SecretHolder)
	if !ok {
		return scrubber{}
	}
	defer func() {
		if recover() != nil {
			s = scrubber{all: true}
		}
	}()
	return newScrubber(h.Secrets())
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
