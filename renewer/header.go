package renewer

import (
	"errors"
	"strconv"
	"strings"

	"github.com/tokenrenew/tokenrenew/internal/wire"
)

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
var ErrInvalidHeader = errors.New("renewer: invalid request header")

// checkHeader returns an error matching ErrInvalidHeader for the first
// header of h, in name order, whose name or value cannot be sent.
func checkHeader(h map[string]string) error {
	bad, why := "", ""
	for k, v := range h {
		w := ""
		switch {
		case !isToken(k):
			w = "its name is not an HTTP token"
		case !isFieldValue(v):
			w = "its value has a character other than visible ASCII, space and tab"
		default:
			continue
		}
		if why == "" || k < bad {
			bad, why = k, w
		}
	}
	if why == "" {
		return nil
	}
	return Permanent(wire.Wrap(ErrInvalidHeader, "header "+strconv.Quote(bad)+": "+why))
}

// isToken reports whether s is an RFC 9110 token: one or more tchar.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return s != ""
}

// isFieldValue reports whether s holds only visible ASCII, space and tab.
func isFieldValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\t') || c > '~' {
			return false
		}
	}
	return true
}
