package renewer

import (
	"testing"
	"time"
)

func TestLimitsEarliest(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const mb = time.Second
	failing := func(starts []time.Duration, floorIn time.Duration) *failState {
		f := &failState{}
		for _, d := range starts {
			f.record(t0.Add(d))
		}
		if floorIn != 0 {
			f.floor = t0.Add(floorIn)
		}
		return f
	}
	// fifteen failing starts, a second apart, the last a second ago
	var fifteen []time.Duration
	for i := range maxFailingFetches {
		fifteen = append(fifteen, time.Duration(i-maxFailingFetches)*time.Second)
	}
	cases := []struct {
		name      string
		lastStart time.Duration // from t0; 0: never
		fail      *failState
		trig      Trigger
		want      time.Duration // from t0; 0: no bound
	}{
		{"a first fetch starts at once", 0, nil, TriggerStart, 0},
		{"a fetch starts MinBackoff after the last", -300 * time.Millisecond, nil, TriggerRefresh, 700 * time.Millisecond},
		{"long after the last, at once", -time.Hour, nil, TriggerScheduled, -time.Hour + mb},
		{"while failing, the 16th start waits for the window", -time.Second, failing(fifteen, 0), TriggerScheduled, 45 * time.Second},
		{"Refresh keeps to the window too", -time.Second, failing(fifteen, 0), TriggerRefresh, 45 * time.Second},
		{"a Retry-After floor holds a retry back", -time.Second, failing([]time.Duration{-time.Second}, 30*time.Second), TriggerScheduled, 30 * time.Second},
		{"and Invalidate, Resume and waiting callers", -time.Second, failing([]time.Duration{-time.Second}, 30*time.Second), TriggerOnDemand, 30 * time.Second},
		{"but not Refresh", -time.Second, failing([]time.Duration{-time.Second}, 30*time.Second), TriggerRefresh, 0},
		{"a floor is cut to an hour", -time.Second, failing([]time.Duration{-time.Second}, 5*time.Hour), TriggerResume, maxRetryAfter},
		{"a clock set back holds for MinBackoff at most", 10 * time.Minute, nil, TriggerScheduled, mb},
		{"and the window for its length at most", 10 * time.Minute, failing([]time.Duration{9 * time.Hour, 9 * time.Hour, 9 * time.Hour, 9 * time.Hour, 9 * time.Hour,
			9 * time.Hour, 9 * time.Hour, 9 * time.Hour, 9 * time.Hour, 9 * time.Hour, 9 * time.Hour, 9 * time.Hour, 9 * time.Hour, 9 * time.Hour, 9 * time.Hour}, 0),
			TriggerRefresh, 60 * mb},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := limits{minBackoff: mb, fail: c.fail}
			if c.lastStart != 0 {
				l.lastStart = t0.Add(c.lastStart)
			}
			got := l.earliest(t0, c.trig)
			if c.want == 0 {
				if !got.After(t0) {
					return
				}
				t.Fatalf("earliest = now+%v; want no bound", got.Sub(t0))
			}
			if !got.Equal(t0.Add(c.want)) {
				t.Errorf("earliest = now+%v; want now+%v", got.Sub(t0), c.want)
			}
		})
	}
}

func TestScheduleNextAttempt(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newSchedule(Config{}.withDefaults())
	cases := []struct {
		name  string
		n     int
		left  time.Duration // of the current token; 0: none
		floor time.Duration // Retry-After from now; 0: none
		u     float64
		want  time.Duration
	}{
		{"the first retry waits up to MinBackoff", 1, time.Hour, 0, 0.9, time.Second},
		{"the fourth up to 8 s, full jitter", 4, time.Hour, 0, 0.5, 4500 * time.Millisecond},
		{"the tenth up to MaxBackoff", 10, time.Hour, 0, 1, DefaultMaxBackoff},
		{"a quarter of the time left", 10, 40 * time.Second, 0, 1, 10 * time.Second},
		{"with no token, the whole ceiling", 10, 0, 0, 1, DefaultMaxBackoff},
		{"never before a Retry-After", 1, time.Hour, 2 * time.Minute, 0, 2 * time.Minute},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := limits{minBackoff: s.minBackoff, lastStart: t0, fail: &failState{}}
			l.fail.record(t0)
			if c.floor != 0 {
				l.fail.floor = t0.Add(c.floor)
			}
			var exp time.Time
			if c.left != 0 {
				exp = t0.Add(c.left)
			}
			if got := s.nextAttempt(t0, c.n, exp, l, c.u); !got.Equal(t0.Add(c.want)) {
				t.Errorf("nextAttempt = now+%v; want now+%v", got.Sub(t0), c.want)
			}
		})
	}
}
