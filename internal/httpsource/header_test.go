package httpsource

import (
	"strings"
	"testing"
)

// TestHeaderRuleByByte holds the check to RFC 9110 for names (tchar) and
// to visible ASCII, space and tab for values, byte by byte.
func TestHeaderRuleByByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := string([]byte{byte(c)})
		tchar := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", byte(c)) >= 0
		if got := CheckHeader(map[string]string{"X" + b: "v"}) == nil; got != tchar {
			t.Errorf("name byte %q accepted: %v; want %v", rune(c), got, tchar)
		}
		visible := ' ' <= c && c <= '~' || c == '\t'
		if got := CheckHeader(map[string]string{"X": "v" + b}) == nil; got != visible {
			t.Errorf("value byte %q accepted: %v; want %v", rune(c), got, visible)
		}
	}
}
