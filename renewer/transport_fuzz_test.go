package renewer

import (
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/wire"
)

// FuzzParseRetryAfter: any Retry-After value gives a delay within [0, 1h].
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"", "0", "120", "99999999999999", "-5", " 7 ", "Wed, 21 Oct 2015 07:28:00 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "soon", "1e3", "\x00"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d := parseRetryAfter(v, now); d < 0 || d > time.Hour {
			t.Fatalf("parseRetryAfter(%q) = %v; want within [0, 1h]", v, d)
		}
	})
}

// FuzzClockSkew: any Date header value gives zero, or an offset of at least
// minSkew that puts the server's clock at the parsed date.
func FuzzClockSkew(f *testing.F) {
	for _, s := range []string{"", "Mon, 23 Nov 2026 12:00:00 GMT", "Mon, 23 Nov 2026 13:00:00 GMT",
		"Monday, 23-Nov-26 11:00:00 GMT", "Mon Nov 23 12:00:01 2026", "garbage", "Mon, 99 Nov 2026 12:00:00 GMT"} {
		f.Add(s)
	}
	received := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d := clockSkew(v, received)
		if d == 0 {
			return
		}
		if d > -minSkew && d < minSkew {
			t.Fatalf("clockSkew(%q) = %v: below the %v that is believed", v, d, minSkew)
		}
		if at, ok := wire.HTTPDate(v); !ok || !received.Add(d).Equal(at) {
			t.Fatalf("clockSkew(%q) = %v does not match the date", v, d)
		}
	})
}
