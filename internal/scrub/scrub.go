// Package scrub removes known secrets from text a server or an app
// supplied: an error body, a transport error quoting the request, a log
// line. The engine scrubs what it reports with it, and the HTTP source
// what it logs.
package scrub

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
)

// Secrets shorter than these are not scrubbed: a whole header or query
// value of 1 to 3 bytes ("1", "en") is not a credential, and scrubbing it
// would shred every message; a piece of a value ("Bearer", a cookie name)
// must be longer still to count.
const (
	minSecretLen      = 4
	minSecretPieceLen = 8
)

// Redacted replaces a secret in text.
const Redacted = "[REDACTED]"

// A Set is a set of secrets to remove from text: for the HTTP source, the
// configured header values, the values of the URL's query and its
// password, and token values a response held. A server that echoes the
// request thus cannot make the renewer report a credential. The zero Set
// removes nothing. A Set is a value: the methods that add to it return a
// copy, and the copies share nothing that changes.
type Set struct {
	secrets []string // longest first
	all     bool     // every text is withheld whole
}

// New returns the Set of secrets (see Add).
func New(secrets []string) Set {
	var s Set
	for _, v := range secrets {
		s.Add(v)
	}
	return s
}

// All returns the Set that withholds every text but "" whole: what to use
// when the secrets cannot be known.
func All() Set { return Set{all: true} }

// Add makes v a secret, and the pieces of v between spaces, commas,
// semicolons and equals signs (a bearer credential, cookie values) too,
// each also as a URL query, Go's %q and JSON's "\/" escape it: net/http
// quotes what a server sent with %q.
func (s *Set) Add(v string) {
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
func (s *Set) insert(v string) {
	i := len(s.secrets)
	for i > 0 && len(s.secrets[i-1]) < len(v) {
		i--
	}
	s.secrets = append(s.secrets, "")
	copy(s.secrets[i+1:], s.secrets[i:])
	s.secrets[i] = v
}

// Copy returns a copy of s to Add to, leaving s as it is.
func (s Set) Copy() Set { return Set{secrets: append([]string(nil), s.secrets...), all: s.all} }

// WithJSONSecrets returns a copy of s that also removes the string values
// of body's JSON fields, at any depth, whose names contain "token",
// "secret" or "jwt" (any case). A body that is not JSON adds nothing.
func (s Set) WithJSONSecrets(body []byte) Set {
	v, err := jsonlite.Decode(body, true)
	if err != nil {
		return s
	}
	c := s.Copy()
	c.addFields(v, false, 0)
	return c
}

// addFields adds the strings of v that sit under a secret-looking name
// (secret: v's own name is one), down to a bounded depth.
func (s *Set) addFields(v any, secret bool, depth int) {
	if depth > 32 {
		return
	}
	switch x := v.(type) {
	case string:
		if secret {
			s.Add(x)
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

// Text returns t with every secret replaced, longest first, or, from a
// Set that withholds all, Redacted for any t but "".
func (s Set) Text(t string) string {
	if s.all && t != "" {
		return Redacted
	}
	for _, v := range s.secrets {
		t = strings.ReplaceAll(t, v, Redacted)
	}
	return t
}

// Message returns text a server supplied as a short explanation, made
// printable: JSON escapes undone ("\/" is "/"), control and non-ASCII bytes
// dropped, s's secrets replaced, cut to n bytes. The secrets are replaced
// after the unescaping and the stripping, so that neither an escape nor a
// control byte inside a token hides it, and before the cut, so that no
// piece of one survives.
func (s Set) Message(msg string, n int) string {
	return Printable(s.Text(Printable(unescapeJSON(msg), len(msg))), n)
}

// Printable returns s without control or non-ASCII bytes, cut to n bytes.
func Printable(s string, n int) string {
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
		case 'b', 'f', 'n', 'r', 't': // control bytes: dropped, as Printable drops them
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
