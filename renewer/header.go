package renewer

import (
	"errors"
	"strconv"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
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

// checkHeader returns an error matching ErrInvalidHeader for a header of
// h whose name or value cannot be sent. It is one loop, for the size of
// the browser's module.
func checkHeader(h map[string]string) error {
	for k, v := range h {
		why, ok := "its name is not an HTTP token", k != ""
		for i := 0; ok && i < len(k); i++ {
			c := k[i]
			ok = c < 0x80 && tchars[c>>6]&(1<<(c&63)) != 0
		}
		if ok {
			why = "its value has a character other than visible ASCII, space and tab"
			for i := 0; ok && i < len(v); i++ {
				c := v[i]
				ok = ' ' <= c && c <= '~' || c == '\t'
			}
		}
		if !ok {
			return Permanent(errtext.Wrap(ErrInvalidHeader, "header "+strconv.Quote(k)+": "+why))
		}
	}
	return nil
}

// tchars has a bit set for every byte an RFC 9110 token may hold, by
// byte value: the ASCII letters and digits and !#$%&'*+-.^_`|~.
var tchars = [2]uint64{
	0x03ff6cfa00000000, // '!' '#'-'\'' '*' '+' '-' '.' '0'-'9'
	0x57ffffffc7fffffe, // 'A'-'Z' '^' '_' '`' 'a'-'z' '|' '~'
}
