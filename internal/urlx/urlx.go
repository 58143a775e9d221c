// Package urlx parses, redacts and classifies token server URLs without
// net/url's parser, whose errors format with fmt and would bring fmt's
// printer into the browser build. Its differential tests and fuzz target
// hold Parse and QueryValues to net/url.
package urlx

import (
	"errors"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// Parse parses an absolute URL with an authority ("scheme://host…"),
// strictly: it refuses control bytes, a malformed scheme, user info, host,
// port or percent-escape, and a host with characters other than letters,
// digits, "-._~" and non-ASCII (or an IPv6 literal in brackets). It stands
// in for url.Parse, whose errors format with fmt and so would bring fmt's
// printer into the browser build; the *url.URL it returns is used only
// through net/url's formatting-free methods.
func Parse(raw string) (*url.URL, bool) {
	for i := 0; i < len(raw); i++ {
		if raw[i] < ' ' || raw[i] == 0x7f {
			return nil, false
		}
	}
	u := &url.URL{}
	rest, frag, hasFrag := strings.Cut(raw, "#")
	if hasFrag {
		f, err := url.PathUnescape(frag)
		if err != nil {
			return nil, false
		}
		u.Fragment, u.RawFragment = f, frag
	}
	scheme, rest, ok := strings.Cut(rest, ":")
	if !ok || !validScheme(scheme) {
		return nil, false
	}
	u.Scheme = strings.ToLower(scheme)
	rest, u.RawQuery, u.ForceQuery = strings.Cut(rest, "?")
	u.ForceQuery = u.ForceQuery && u.RawQuery == ""
	rest, ok = strings.CutPrefix(rest, "//")
	if !ok {
		return nil, false
	}
	authority, p := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		authority, p = rest[:i], rest[i:]
	}
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		user, valid := parseUserinfo(authority[:i])
		if !valid {
			return nil, false
		}
		u.User, authority = user, authority[i+1:]
	}
	if !validHost(authority) {
		return nil, false
	}
	u.Host = authority
	path, err := url.PathUnescape(p)
	if err != nil {
		return nil, false
	}
	u.Path, u.RawPath = path, p
	return u, true
}

// validScheme reports whether s is ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
func validScheme(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// parseUserinfo parses "user[:password]" as url.Parse does.
func parseUserinfo(s string) (*url.Userinfo, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isUnreserved(c) && !strings.ContainsRune("!$&'()*+,;=:%@", rune(c)) {
			return nil, false
		}
	}
	name, pass, hasPass := strings.Cut(s, ":")
	name, err := url.PathUnescape(name)
	if err != nil {
		return nil, false
	}
	if !hasPass {
		return url.User(name), true
	}
	pass, err = url.PathUnescape(pass)
	if err != nil {
		return nil, false
	}
	return url.UserPassword(name, pass), true
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// validHost reports whether s is a non-empty host with an optional
// ":port" of digits.
func validHost(s string) bool {
	host := s
	if strings.HasPrefix(s, "[") {
		i := strings.IndexByte(s, ']')
		if i < 0 || !validPort(s[i+1:]) {
			return false
		}
		lit := s[1:i]
		if lit == "" {
			return false
		}
		for j := 0; j < len(lit); j++ {
			c := lit[j]
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' || c == ':' || c == '.') {
				return false
			}
		}
		addr, err := netip.ParseAddr(lit)
		return err == nil && addr.Is6() // as url.Parse: no IPv4 in brackets
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		if !validPort(s[i:]) {
			return false
		}
		host = s[:i]
	}
	if host == "" {
		return false
	}
	for j := 0; j < len(host); j++ {
		if c := host[j]; c < 0x80 && !isUnreserved(c) {
			return false
		}
	}
	return true
}

// validPort reports whether s is empty or ":" followed by digits.
func validPort(s string) bool {
	if s == "" {
		return true
	}
	if s[0] != ':' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// QueryValues parses a raw query as url.ParseQuery does, skipping the
// pairs it would report (a ';', a bad escape).
func QueryValues(raw string) url.Values {
	v := url.Values{}
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" || strings.Contains(pair, ";") {
			continue
		}
		key, value, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(key)
		value, err2 := url.QueryUnescape(value)
		if err1 != nil || err2 != nil {
			continue
		}
		v[key] = append(v[key], value)
	}
	return v
}

// IsLoopback reports whether host cannot leave this machine: "localhost",
// a name under ".localhost" (which the native transport dials on
// 127.0.0.1 or ::1 without asking DNS), or a loopback IP literal, as
// net/netip parses it (127.0.0.0/8, ::1, and IPv4-mapped forms).
func IsLoopback(host string) bool {
	if IsLoopbackName(host) {
		return true
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && addr.Unmap().IsLoopback()
}

// IsLoopbackName reports whether host is "localhost" or ends in
// ".localhost", in any case (RFC 6761).
func IsLoopbackName(host string) bool {
	host = strings.ToLower(host)
	return host == "localhost" || strings.HasSuffix(host, ".localhost") && len(host) > len(".localhost")
}

// Redact drops the user info, query and fragment from a URL for error
// messages: any may carry a credential. It works on the text, so that even
// a URL that does not parse loses them. A password may be written with
// '/', '?', '#' or '@' unescaped ("https://user:pa/ss@host/"), where
// net/url would end the user info early, so everything between "//" and
// the last '@' of the URL is taken for user info: a URL with an '@' in its
// path, query or fragment prints without its host rather than risk a
// password.
func Redact(raw string) string {
	i := strings.Index(raw, "//")
	if i < 0 {
		return cutQuery(raw)
	}
	start := i + 2
	rest := raw[start:]
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest = rest[at+1:]
	}
	return raw[:start] + cutQuery(rest)
}

// Userinfo returns what Redact takes for raw's user info: the text between
// "//" and the last '@', or "".
func Userinfo(raw string) string {
	i := strings.Index(raw, "//")
	if i < 0 {
		return ""
	}
	rest := raw[i+2:]
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		return rest[:at]
	}
	return ""
}

// cutQuery drops the query and fragment of s.
func cutQuery(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		return s[:i]
	}
	return s
}

// ErrInvalid is the renewer's ErrInvalidURL: a token server URL that is not
// an absolute http or https URL, or does not parse.
var ErrInvalid = errors.New("renewer: token server URL is not an absolute http or https URL")

// Invalid returns an error matching ErrInvalid for raw, redacted: op is
// "parse" or the request's method.
// The text says which rule raw broke: an http or https URL that Parse
// refuses (a bad escape, a space in the host, a port that is not a number)
// does not parse; anything else is not an absolute http or https URL.
func Invalid(op, raw string) error {
	why := "not an absolute http or https URL"
	if _, ok := Parse(raw); !ok && hasHTTPScheme(raw) {
		why = "does not parse as a URL"
	}
	return &invalidError{op: op, url: Redact(raw), why: why}
}

// hasHTTPScheme reports whether raw begins with "http://" or "https://",
// in any case.
func hasHTTPScheme(raw string) bool {
	p := strings.ToLower(raw[:min(len(raw), 8)])
	return p == "https://" || p[:min(len(p), 7)] == "http://"
}

type invalidError struct {
	op  string
	url string // redacted
	why string
}

func (e *invalidError) Error() string {
	return "renewer: " + e.op + " " + strconv.Quote(e.url) + ": " + e.why
}

func (e *invalidError) Is(target error) bool { return target == ErrInvalid }
