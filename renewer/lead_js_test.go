//go:build js

package renewer

import (
	"testing"
	"time"
)

// In the browser the default lead is 5 min, for timers throttled in hidden
// tabs; still at most 40% of the lifetime.
func TestBrowserDefaultLead(t *testing.T) {
	s := newSchedule(Config{DisableJitter: true}.withDefaults())
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ life, lead time.Duration }{
		{time.Hour, 5 * time.Minute},
		{24 * time.Hour, 5 * time.Minute},
		{10 * time.Minute, 4 * time.Minute},
	} {
		tok := Token{IssuedAt: t0, ExpiresAt: t0.Add(c.life)}
		if got := tok.ExpiresAt.Sub(s.renewAt(tok, 0)); got != c.lead {
			t.Errorf("life %v: lead %v; want %v", c.life, got, c.lead)
		}
	}
}
