package renewer

import (
	"math/rand/v2"
	"time"

	"github.com/cenkalti/backoff/v4"
)

// The request limits: whatever triggers them, fetches start at least
// Config.MinBackoff apart (at most 60 a minute by default), and while
// renewal is failing at most MaxFailingFetchesPerMinute start in any window
// of 60 MinBackoffs (a minute by default).
const MaxFailingFetchesPerMinute = 15

// failWindow is the window of the failing-fetch limit, in MinBackoffs.
const failWindow = 60

// failState is what a renewer keeps from its first failure to the next
// success: nothing while all is well, so an idle renewer stays small. It
// belongs to Renewer.fail and is guarded by Renewer.mu.
type failState struct {
	bo    *backoff.ExponentialBackOff
	floor time.Time // the server's Retry-After: only Refresh starts a fetch before it
	// starts holds the start times of the last attempts (Unix ns), a ring.
	starts [MaxFailingFetchesPerMinute]int64
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

// earliest returns the earliest time a fetch for trig may start: the
// request limits, and for anything but Refresh, the server's Retry-After.
// Each bound is cut to its own length from now, so that a wall clock set
// back cannot hold fetches back for longer than that. r.mu is held.
func (r *Renewer) earliest(now time.Time, trig Trigger) time.Time {
	var at time.Time
	bound := func(t time.Time, most time.Duration) {
		at = later(at, earlier(t, now.Add(most)))
	}
	if r.lastStart != 0 {
		bound(time.Unix(0, r.lastStart).Add(r.opts.minBackoff), r.opts.minBackoff)
	}
	if f := r.fail; f != nil {
		window := failWindow * r.opts.minBackoff
		bound(f.windowOpens(window), window)
		if trig != TriggerRefresh {
			bound(f.floor, maxRetryAfter)
		}
	}
	return at
}

// failed records a failed attempt that started at started and plans the
// next: none after a permanent failure, else a retry after full-jitter
// backoff, never before the server's Retry-After or the request limits
// allow. It reads f's facts, never f.err's methods. r.mu is held.
func (r *Renewer) failed(now, started time.Time, f *failure) {
	r.last = f
	r.counts.failures++
	r.counts.consecutiveFailures++
	if r.fail == nil {
		r.fail = &failState{bo: newBackoff(r.opts.minBackoff, r.sched.maxBackoff)}
		r.fail.record(started)
	}
	if f.permanent {
		r.blocked, r.planned = true, time.Time{}
		return
	}
	if ra := f.retryAfter; ra > 0 {
		r.fail.floor = later(r.fail.floor, now.Add(ra))
	}
	var exp time.Time
	if c := r.cur.Load(); c != nil {
		exp = c.tok.ExpiresAt
	}
	wait := r.sched.retryWait(r.fail.bo.NextBackOff(), now, exp, r.opts.minBackoff, rand.Float64())
	r.planned, r.plannedBy = later(now.Add(wait), r.earliest(now, TriggerScheduled)), TriggerScheduled
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
