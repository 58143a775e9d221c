package httpsource

import (
	"strconv"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/permanent"
)

// CheckHeader returns an error matching ErrInvalidHeader for a header of
// h whose name or value cannot be sent. It is one loop, for the size of
// the browser's module.
func CheckHeader(h map[string]string) error {
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
			return permanent.Mark(errtext.Wrap(ErrInvalidHeader, "header "+strconv.Quote(k)+": "+why))
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
