package renewer

import (
	"math/rand"
	"testing"
	"testing/quick"
	"time"
)

// The schedule's invariants, checked as properties of its pure functions
// (as vault's TestCalcSleepPeriod does) over inputs drawn from a fixed seed,
// so that a failure is found again on the next run. A counterexample found
// here becomes a row of the table tests in schedule_test.go.

// quickConfig draws 5,000 cases from a fixed seed.
func quickConfig() *quick.Config {
	return &quick.Config{MaxCount: 5000, Rand: rand.New(rand.NewSource(20))}
}

var propT0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// scale maps v onto [lo, hi].
func scale(v uint32, lo, hi time.Duration) time.Duration {
	return lo + time.Duration(float64(v)/float64(^uint32(0))*float64(hi-lo))
}

// unit maps v onto [0, 1), as rand.Float64 draws.
func unit(v uint32) float64 { return float64(v) / (float64(^uint32(0)) + 1) }

// propSchedule is a schedule for drawn settings: WarnBefore, RefreshBefore
// (0: automatic), MinBackoff and MaxBackoff, through Config's defaults.
func propSchedule(warn, refresh, minB, maxB uint32, noJitter bool) schedule {
	cfg := Config{
		WarnBefore:    scale(warn, 0, time.Hour),
		RefreshBefore: scale(refresh, 0, 2*time.Hour),
		MinBackoff:    scale(minB, time.Millisecond, time.Minute),
		MaxBackoff:    scale(maxB, time.Millisecond, time.Hour),
		DisableJitter: noJitter,
	}
	if refresh%4 == 0 {
		cfg.RefreshBefore = 0 // the automatic lead, a quarter of the time
	}
	return newSchedule(cfg.withDefaults())
}

func TestPropertyRenewalAtOrAfterHalfLife(t *testing.T) {
	prop := func(lifeV, refresh, u uint32, noJitter bool) bool {
		s := propSchedule(0, refresh, 0, 0, noJitter)
		life := scale(lifeV, time.Millisecond, 48*time.Hour)
		tok := Token{IssuedAt: propT0, ExpiresAt: propT0.Add(life)}
		at := s.renewAt(tok, unit(u))
		return !at.Before(propT0.Add(life/2)) && !at.After(tok.ExpiresAt)
	}
	if err := quick.Check(prop, quickConfig()); err != nil {
		t.Errorf("renewal before half the lifetime or after expiry: %v", err)
	}
}

func TestPropertyWarningAfterRenewal(t *testing.T) {
	prop := func(lifeV, warn, refresh, u uint32, noJitter bool) bool {
		s := propSchedule(warn, refresh, 0, 0, noJitter)
		life := scale(lifeV, time.Millisecond, 48*time.Hour)
		tok := Token{IssuedAt: propT0, ExpiresAt: propT0.Add(life)}
		renew := s.renewAt(tok, unit(u))
		w := s.warnAt(tok, renew)
		// After the first renewal attempt (strictly, with two nanoseconds
		// to spare between it and expiry), and not after expiry.
		return w.After(renew) && !w.After(tok.ExpiresAt)
	}
	if err := quick.Check(prop, quickConfig()); err != nil {
		t.Errorf("warning not after renewal: %v", err)
	}
}

// The rule retryWait documents: for the n-th transient failure in a row,
// ceiling(n) = min(MinBackoff·2^(n-1), MaxBackoff), and the wait lies in
// [MinBackoff, max(MinBackoff, min(ceiling(n), left/4))] while the current
// token is valid (left > 0), in [MinBackoff, ceiling(n)] after.
func TestPropertyRetryWaitWithinMinBackoffAndAQuarterOfTheTimeLeft(t *testing.T) {
	prop := func(minB, maxB, leftV uint32, n uint8, expired bool, u uint32) bool {
		s := propSchedule(0, 0, minB, maxB, false)
		left := scale(leftV, time.Nanosecond, 2*time.Hour)
		if expired {
			left = -left
		}
		k := int(n%40) + 1
		c := s.ceiling(k)
		if c < s.minBackoff || c > s.maxBackoff || (k > 1 && c < min(2*s.ceiling(k-1), s.maxBackoff)) {
			return false
		}
		wait := s.retryWait(c, propT0, propT0.Add(left), unit(u))
		most := c
		if left > 0 {
			most = max(s.minBackoff, min(c, left/4))
		}
		return wait >= s.minBackoff && wait <= most
	}
	if err := quick.Check(prop, quickConfig()); err != nil {
		t.Errorf("retry wait outside [MinBackoff, max(MinBackoff, min(ceiling, left/4))]: %v", err)
	}
}

// propLimits builds request limits as a failing renewer holds them: the
// last start lastAgo before now, k earlier failing starts a gap apart
// ending there, and a Retry-After floor floorIn from now (none if <= 0).
func propLimits(minB time.Duration, now time.Time, lastAgo, gap time.Duration, k int, floorIn time.Duration) limits {
	l := limits{minBackoff: minB, lastStart: now.Add(-lastAgo), fail: &failState{}}
	for i := k - 1; i >= 0; i-- {
		l.fail.record(l.lastStart.Add(-time.Duration(i) * gap))
	}
	if floorIn > 0 {
		l.fail.floor = now.Add(floorIn)
	}
	return l
}

func TestPropertyOnlyRefreshStartsUnderTheRetryAfterFloor(t *testing.T) {
	prop := func(minB, lastAgo, gap, floorIn uint32, k uint8, u uint32) bool {
		mb := scale(minB, time.Millisecond, time.Minute)
		l := propLimits(mb, propT0, scale(lastAgo, 0, time.Hour), scale(gap, 0, time.Minute),
			int(k%30)+1, scale(floorIn, 0, 3*time.Hour))
		floor := earlier(l.fail.floor, propT0.Add(maxRetryAfter))
		for trig := range numTriggers {
			at := l.earliest(propT0, trig)
			if trig != TriggerRefresh && at.Before(floor) {
				return false
			}
		}
		// Refresh goes under it: its earliest is that of no floor at all.
		noFloor := l
		f := *l.fail
		f.floor = time.Time{}
		noFloor.fail = &f
		if !l.earliest(propT0, TriggerRefresh).Equal(noFloor.earliest(propT0, TriggerRefresh)) {
			return false
		}
		// A planned retry keeps to it too.
		s := propSchedule(0, 0, minB, 0, false)
		s.minBackoff = mb
		return !s.nextAttempt(propT0, int(k%30)+1, propT0.Add(time.Hour), l, unit(u)).Before(floor)
	}
	if err := quick.Check(prop, quickConfig()); err != nil {
		t.Errorf("a fetch other than Refresh allowed under the Retry-After floor: %v", err)
	}
}

// Whatever the clock says about the past (a wall clock set back puts the
// last start in the future), no limit holds a fetch back for longer than
// its own length: MinBackoff, the window of 60 MinBackoffs, maxRetryAfter.
func TestPropertyLimitsHoldBackNoLongerThanTheirLength(t *testing.T) {
	prop := func(minB, lastIn, gap, floorIn uint32, k uint8, trigV uint8) bool {
		mb := scale(minB, time.Millisecond, time.Minute)
		l := propLimits(mb, propT0, -scale(lastIn, 0, 48*time.Hour), scale(gap, 0, time.Hour),
			int(k%30)+1, scale(floorIn, 0, 48*time.Hour))
		trig := Trigger(trigV % uint8(numTriggers))
		most := failWindow * mb
		if trig != TriggerRefresh {
			most = max(most, maxRetryAfter)
		}
		return !l.earliest(propT0, trig).After(propT0.Add(most))
	}
	if err := quick.Check(prop, quickConfig()); err != nil {
		t.Errorf("a limit held a fetch back longer than its length: %v", err)
	}
}

// The request limits, run forward: fetches for random triggers at random
// moments of a failing renewer's life start only when earliest allows,
// and then no two start under MinBackoff apart and no more than
// maxFailingFetches start in any window of 60 MinBackoffs.
func TestPropertyNeverMoreFetchesThanTheLimitsAllow(t *testing.T) {
	rnd := rand.New(rand.NewSource(20))
	for run := range 200 {
		mb := time.Duration(1+rnd.Intn(2000)) * time.Millisecond
		window := failWindow * mb
		l := limits{minBackoff: mb}
		now := propT0
		var starts []time.Time
		for range 400 {
			now = now.Add(time.Duration(rnd.Int63n(int64(3 * mb))))
			trig := Trigger(rnd.Intn(int(numTriggers)))
			if now.Before(l.earliest(now, trig)) {
				continue
			}
			starts = append(starts, now)
			l.lastStart = now
			if l.fail == nil {
				l.fail = &failState{} // the first fetch failed
			}
			l.fail.record(now)
			if rnd.Intn(5) == 0 { // a Retry-After of up to 10 MinBackoffs
				l.fail.floor = later(l.fail.floor, now.Add(time.Duration(rnd.Int63n(int64(10*mb)))))
			}
		}
		for i := 1; i < len(starts); i++ {
			if d := starts[i].Sub(starts[i-1]); d < mb {
				t.Fatalf("run %d (MinBackoff %v): fetches %d and %d start %v apart", run, mb, i-1, i, d)
			}
		}
		for i := maxFailingFetches; i < len(starts); i++ {
			if d := starts[i].Sub(starts[i-maxFailingFetches]); d < window {
				t.Fatalf("run %d (MinBackoff %v): %d fetches within %v; want at most %d per %v",
					run, mb, maxFailingFetches+1, d, maxFailingFetches, window)
			}
		}
	}
}
