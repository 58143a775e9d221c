package renewer

import (
	"math"
	"testing"
	"time"
)

func TestScheduleRenewAt(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		life         time.Duration
		refresh      time.Duration
		minLead      time.Duration // expiry - renewAt, with no jitter
		maxLeadWithJ time.Duration // expiry - renewAt, at the most jitter
	}{
		{10 * time.Second, 0, 4 * time.Second, 5 * time.Second},
		{40 * time.Second, 0, 16 * time.Second, 20 * time.Second},
		{time.Minute, 0, 24 * time.Second, 30 * time.Second},
		{5 * time.Minute, 0, time.Minute, 75 * time.Second},
		{time.Hour, 0, 6 * time.Minute, 7*time.Minute + 30*time.Second},
		{6 * time.Hour, 0, 10 * time.Minute, 12*time.Minute + 30*time.Second},
		{24 * time.Hour, 0, 10 * time.Minute, 12*time.Minute + 30*time.Second},
		{time.Hour, 20 * time.Minute, 20 * time.Minute, 25 * time.Minute},
		{time.Hour, 50 * time.Minute, 24 * time.Minute, 30 * time.Minute}, // the half-life floor wins
	}
	for _, c := range cases {
		s := newSchedule(Config{}.withDefaults())
		s.refreshBefore = c.refresh // zero: the automatic lead, whatever the platform's default
		tok := Token{IssuedAt: t0, ExpiresAt: t0.Add(c.life)}
		if lead := tok.ExpiresAt.Sub(s.renewAt(tok, 0)); lead != c.minLead {
			t.Errorf("life %v refresh %v: lead %v with no jitter; want %v", c.life, c.refresh, lead, c.minLead)
		}
		at := s.renewAt(tok, 0.9999999)
		if lead := tok.ExpiresAt.Sub(at); lead > c.maxLeadWithJ || lead < c.minLead {
			t.Errorf("life %v: lead %v at most jitter; want in [%v, %v]", c.life, lead, c.minLead, c.maxLeadWithJ)
		}
		if at.Before(t0.Add(c.life / 2)) {
			t.Errorf("life %v: renewal at %v, before half the lifetime", c.life, at.Sub(t0))
		}
		s.jitter = false
		if s.renewAt(tok, 0.9) != s.renewAt(tok, 0) {
			t.Errorf("life %v: jitter applied with DisableJitter", c.life)
		}
	}
}

func TestScheduleWarnAt(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newSchedule(Config{}.withDefaults())
	long := Token{IssuedAt: t0, ExpiresAt: t0.Add(time.Hour)}
	if got := s.warnAt(long, s.renewAt(long, 0)); !got.Equal(long.ExpiresAt.Add(-30 * time.Second)) {
		t.Errorf("warnAt = %v; want 30 s before expiry", got)
	}
	short := Token{IssuedAt: t0, ExpiresAt: t0.Add(40 * time.Second)}
	renew := s.renewAt(short, 0) // 24 s after issue
	if got, want := s.warnAt(short, renew), renew.Add(8*time.Second); !got.Equal(want) {
		t.Errorf("warnAt = %v; want halfway from renewal to expiry, %v", got, want)
	}
	s.warnBefore = -1
	if !s.warnAt(long, s.renewAt(long, 0)).IsZero() {
		t.Error("a negative WarnBefore still warns")
	}
}

func TestScheduleRetryWait(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newSchedule(Config{}.withDefaults())
	const minWait = time.Second
	cases := []struct {
		name    string
		ceiling time.Duration
		left    time.Duration
		u       float64
		want    time.Duration
	}{
		{"never under the minimum", time.Second, time.Hour, 0, minWait},
		{"full jitter under the ceiling", 5 * time.Second, time.Hour, 0.5, 3 * time.Second},
		{"at most a quarter of the time left", 30 * time.Second, 20 * time.Second, 0.99, 5 * time.Second},
		// The rule that used to allow a storm: a quarter of 400 ms left is
		// 100 ms; never less than the minimum between attempts.
		{"near expiry, still the minimum", 30 * time.Second, 400 * time.Millisecond, 0.5, minWait},
		{"after expiry, up to the ceiling", 30 * time.Second, -time.Minute, 1, 30 * time.Second},
		{"a tiny ceiling is raised to the minimum", 0, time.Hour, 0.7, minWait},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := s.retryWait(c.ceiling, t0, t0.Add(c.left), c.u); got != c.want {
				t.Errorf("retryWait = %v; want %v", got, c.want)
			}
		})
	}
}

func TestBackoffCeilingsDoubleToTheCapAndNeverStop(t *testing.T) {
	s := newSchedule(Config{}.withDefaults())
	want := []time.Duration{1, 2, 4, 8, 16, 30, 30}
	for i, w := range want {
		if got := s.ceiling(i + 1); got != w*time.Second {
			t.Fatalf("ceiling %d = %v; want %v", i+1, got, w*time.Second)
		}
	}
	for _, n := range []int{100, 10000, math.MaxInt} {
		if got := s.ceiling(n); got != DefaultMaxBackoff {
			t.Errorf("ceiling %d = %v; want %v", n, got, DefaultMaxBackoff)
		}
	}
	s.maxBackoff = math.MaxInt64 // no overflow on the way up
	if got := s.ceiling(200); got != math.MaxInt64 {
		t.Errorf("ceiling 200 with no cap = %v", got)
	}
}

func TestAttemptTimeout(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ left, want time.Duration }{
		{time.Hour, 15 * time.Second},
		{20 * time.Second, 5 * time.Second},
		{time.Second, minAttemptTime},
		{-time.Second, 15 * time.Second},
	} {
		if got := attemptTimeout(15*time.Second, t0, t0.Add(c.left)); got != c.want {
			t.Errorf("attemptTimeout with %v left = %v; want %v", c.left, got, c.want)
		}
	}
}

// A 120 s token is renewable well before 30 s before expiry: it warns at
// exactly WarnBefore, whatever the jitter.
func TestScheduleWarnsAtWarnBeforeWhenRenewalStartedEarlier(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newSchedule(Config{}.withDefaults())
	tok := Token{Value: "v", IssuedAt: t0, ExpiresAt: t0.Add(120 * time.Second)}
	for _, u := range []float64{0, 0.5, 0.999} {
		renewAt := s.renewAt(tok, u)
		if got := tok.ExpiresAt.Sub(s.warnAt(tok, renewAt)); got != DefaultWarnBefore {
			t.Errorf("u=%v: renewal %v before expiry, warning %v before; want %v", u, tok.ExpiresAt.Sub(renewAt), got, DefaultWarnBefore)
		}
	}
}
