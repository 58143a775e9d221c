package renewer

import (
	"math/rand/v2"
	"time"
)

// The request limits: whatever triggers them, fetches start at least
// Config.MinBackoff apart, and while renewal is failing at most
// maxFailingFetches start in any window of failWindow MinBackoffs: 15 in
// any 60 MinBackoffs, so 60 and 15 a minute at the default MinBackoff of
// 1 s, and 6 and 1.5 a minute at 10 s. They count fetches, not HTTP
// requests (see Config.MinBackoff).
const (
	maxFailingFetches = 15
	failWindow        = 60
)

// failState is what a renewer keeps from its first failure to the next
// success: nothing while all is well, so an idle renewer stays small. It
// belongs to Renewer.fail and is guarded by Renewer.mu.
type failState struct {
	last    *failure  // the last failure
	retries int       // transient failures in a row: the backoff's step
	floor   time.Time // the server's Retry-After: only Refresh starts a fetch before it
	// starts holds the start times of the last attempts (Unix ns), a ring.
	starts [maxFailingFetches]int64
	n      int
}

func (f *failState) record(t time.Time) {
	f.starts[f.n%len(f.starts)] = t.UnixNano()
	f.n++
}

// windowOpens returns when the limit of attempts per window lets the next
// attempt start, or the zero time when it does not hold one back.
func (f *failState) windowOpens(window time.Duration) time.Time {
	if f.n < len(f.starts) {
		return time.Time{}
	}
	return time.Unix(0, f.starts[f.n%len(f.starts)]).Add(window)
}

// limits are the inputs of the request limits at one moment: a value, so
// that earliest is a pure function of it and the time.
type limits struct {
	minBackoff time.Duration
	lastStart  time.Time  // when the last fetch started; zero: never
	fail       *failState // nil while all is well; only read
}

// limits returns the request limits' inputs now. r.mu is held.
func (r *Renewer) limits() limits {
	l := limits{minBackoff: r.sched.minBackoff, fail: r.fail}
	if r.lastStart != 0 {
		l.lastStart = time.Unix(0, r.lastStart)
	}
	return l
}

// earliest returns the earliest time a fetch for trig may start: the
// request limits, and for anything but Refresh, the server's Retry-After.
// Each bound is cut to its own length from now, so that a wall clock set
// back cannot hold fetches back for longer than that.
func (l limits) earliest(now time.Time, trig Trigger) time.Time {
	var at time.Time
	bound := func(t time.Time, most time.Duration) {
		at = later(at, earlier(t, now.Add(most)))
	}
	if !l.lastStart.IsZero() {
		bound(l.lastStart.Add(l.minBackoff), l.minBackoff)
	}
	if f := l.fail; f != nil {
		window := failWindow * l.minBackoff
		bound(f.windowOpens(window), window)
		if trig != TriggerRefresh {
			bound(f.floor, maxRetryAfter)
		}
	}
	return at
}

// earliest is limits.earliest with the renewer's limits. r.mu is held.
func (r *Renewer) earliest(now time.Time, trig Trigger) time.Time {
	return r.limits().earliest(now, trig)
}

// failed records a failed attempt that started at started and plans the
// next: none after a permanent failure, else a retry at nextAttempt. It
// reads f's facts, never f.err's methods. r.mu is held.
func (r *Renewer) failed(now, started time.Time, f *failure) {
	r.counts.failures++
	r.counts.consecutiveFailures++
	if r.fail == nil {
		r.fail = &failState{}
		r.fail.record(started)
	}
	r.fail.last = f
	if f.permanent {
		r.blocked, r.planned = true, 0
		return
	}
	r.fail.retries++
	if ra := f.retryAfter; ra > 0 {
		r.fail.floor = later(r.fail.floor, now.Add(ra))
	}
	var exp time.Time
	if c := r.cur.Load(); c != nil {
		exp = c.tok.ExpiresAt
	}
	r.planned = r.sched.nextAttempt(now, r.fail.retries, exp, r.limits(), rand.Float64()).UnixNano()
	r.plannedBy = TriggerScheduled
}

// earlier returns the earlier of a and b.
func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
