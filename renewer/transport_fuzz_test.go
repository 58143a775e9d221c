package renewer

import (
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/wire"
)

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
