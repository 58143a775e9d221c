package renewer

import "time"

// The renewer's state, named: every condition over the fields mu guards is
// written once, here, and read by name (as aws's refreshNeeded and google
// auth's tokenState are). The Renewer's are called with r.mu held; those of
// current read an immutable record and need no lock.

// appPlanned reports whether the planned fetch is one the app asked for
// (Token, Refresh, Invalidate), which a Pause does not hold back. r.mu is
// held.
func (r *Renewer) appPlanned() bool {
	if r.planned == 0 {
		return false
	}
	switch r.plannedBy {
	case TriggerOnDemand, TriggerRefresh, TriggerInvalidate:
		return true
	}
	return false
}

// pauseHolds reports whether Pause holds the renewer's timer and its own
// fetches back: paused, with no fetch the app asked for planned. r.mu is
// held.
func (r *Renewer) pauseHolds() bool { return r.paused && !r.appPlanned() }

// scheduleMayFetch reports whether the schedule may start or plan a fetch:
// none is in flight, no permanent failure waits for Refresh or Resume, and
// Pause does not hold it back. r.mu is held.
func (r *Renewer) scheduleMayFetch() bool { return r.call == nil && !r.blocked && !r.pauseHolds() }

// plannedAt returns when the planned fetch starts, or the zero time when
// none is planned. r.mu is held.
func (r *Renewer) plannedAt() time.Time {
	if r.planned == 0 {
		return time.Time{}
	}
	return time.Unix(0, r.planned)
}

// fetchComing reports whether a caller waiting for a token will be
// answered with no new request: a fetch is in flight, or one is planned
// that Pause does not hold back. r.mu is held.
func (r *Renewer) fetchComing() bool {
	return r.call != nil || (r.planned != 0 && !r.pauseHolds())
}

// resumeEndsWait reports whether Resume has a wait to end: no fetch is in
// flight, and a permanent failure waits for it or a fetch is planned (a
// retry, or a request the limits deferred). r.mu is held.
func (r *Renewer) resumeEndsWait() bool { return r.call == nil && (r.blocked || r.planned != 0) }

// warnDue reports whether TokenWillExpire is due at now for c, the current
// token (nil: none): warnings are on, its warning time has come and it has
// not been sent. r.mu is held.
func (r *Renewer) warnDue(c *current, now time.Time) bool {
	if c == nil || r.warned {
		return false
	}
	at := r.sched.warnAt(c.tok, c.renewAt())
	return !at.IsZero() && !now.Before(at)
}

// renewDue reports whether c's renewal time has come at now.
func (c *current) renewDue(now time.Time) bool { return !now.Before(c.renewAt()) }

// renewAt returns when c's renewal starts.
func (c *current) renewAt() time.Time { return c.tok.ExpiresAt.Add(-c.lead) }

// nextFetch returns when the schedule will start a fetch: the planned one,
// else the current token's renewal; the zero time when it will start none
// (one is in flight, a permanent failure waits, Pause holds it back, or
// there is no token). r.mu is held.
func (r *Renewer) nextFetch() time.Time {
	if !r.scheduleMayFetch() {
		return time.Time{}
	}
	if r.planned != 0 {
		return r.plannedAt()
	}
	if c := r.cur.Load(); c != nil {
		return c.renewAt()
	}
	return time.Time{}
}

// nextNotice returns when the next event about the current token is due:
// its warning, else its expiry; the zero time when both were sent or there
// is no token. r.mu is held.
func (r *Renewer) nextNotice() time.Time {
	c := r.cur.Load()
	switch {
	case c == nil || r.expiredSent:
		return time.Time{}
	case !r.warned:
		if at := r.sched.warnAt(c.tok, c.renewAt()); !at.IsZero() {
			return earlier(at, c.tok.ExpiresAt)
		}
	}
	return c.tok.ExpiresAt
}
