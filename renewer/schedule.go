package renewer

import "time"

// Bounds of the automatic renewal lead.
const (
	minLead         = time.Minute
	maxLead         = 10 * time.Minute
	maxLeadFraction = 0.4  // of the lifetime; with jitter, at most half
	jitterFraction  = 0.25 // of the lead
	minAttemptTime  = 2 * time.Second
	maxLifetime     = 7 * 24 * time.Hour // past arrival; longer claims are cut (capLifetime)
	maxRetryAfter   = time.Hour          // longer Retry-After values are cut to it
)

// MinLifetime is the shortest life left at arrival that counts as
// progress, whatever the token's issue time says. A token that arrives
// with less is served while it lasts, but reported as an error matching
// ErrShortLifetime and renewed no faster than the retry backoff allows, so
// that a server minting degenerate tokens is not hammered.
const MinLifetime = 2 * time.Second

// schedule is the renewal policy: pure functions of the token, the time and
// a random number u in [0, 1), so tests need no clock and no randomness.
type schedule struct {
	warnBefore    time.Duration // negative: no warning
	refreshBefore time.Duration // zero: automatic
	minBackoff    time.Duration // the first retry's ceiling, and the least time between two starts
	maxBackoff    time.Duration // the last retry ceiling; at least minBackoff
	jitter        bool
}

func newSchedule(c Config) schedule {
	return schedule{
		warnBefore:    c.WarnBefore,
		refreshBefore: c.RefreshBefore,
		minBackoff:    c.MinBackoff,
		maxBackoff:    max(c.MaxBackoff, c.MinBackoff),
		jitter:        !c.DisableJitter,
	}
}

// lead returns how long before expiry renewal of a token living life starts,
// before jitter.
func (s schedule) lead(life time.Duration) time.Duration {
	lead := s.refreshBefore
	if lead <= 0 {
		lead = min(max(life/10, minLead), maxLead)
	}
	return min(lead, time.Duration(float64(life)*maxLeadFraction))
}

// renewAt returns when renewal of tok starts: expiry minus the lead minus
// up to a quarter of the lead of jitter (u in [0, 1) picks where), and never
// before half the lifetime.
func (s schedule) renewAt(tok Token, u float64) time.Time {
	life := tok.Lifetime()
	lead := s.lead(life)
	if s.jitter {
		lead += time.Duration(u * jitterFraction * float64(lead))
	}
	at := tok.ExpiresAt.Add(-lead)
	if half := tok.IssuedAt.Add(life / 2); at.Before(half) {
		at = half
	}
	return at
}

// warnAt returns when TokenWillExpire fires for tok, renewal starting at
// renewAt, or the zero time when warnings are off: WarnBefore before expiry,
// unless that would come before the first renewal attempt; then halfway
// between that attempt and expiry, so that the warning always means
// "renewal is late".
func (s schedule) warnAt(tok Token, renewAt time.Time) time.Time {
	if s.warnBefore < 0 {
		return time.Time{}
	}
	at := tok.ExpiresAt.Add(-s.warnBefore)
	if !at.After(renewAt) {
		at = renewAt.Add(tok.ExpiresAt.Sub(renewAt) / 2)
	}
	return at
}

// retryWait returns the wait before the next attempt: full jitter between
// minBackoff and ceiling (u picks where), shortened to a quarter of the
// time left while the current token is valid (expiresAt after now), so that
// several attempts fit before expiry, but never under minBackoff. So it
// lies in [minBackoff, max(minBackoff, min(ceiling, left/4))] while the
// token is valid, and in [minBackoff, max(minBackoff, ceiling)] after.
func (s schedule) retryWait(ceiling time.Duration, now, expiresAt time.Time, u float64) time.Duration {
	minWait := s.minBackoff
	ceiling = max(ceiling, minWait)
	wait := minWait + time.Duration(u*float64(ceiling-minWait))
	if left := expiresAt.Sub(now); left > 0 {
		wait = min(wait, left/4)
	}
	return max(wait, minWait)
}

// ceiling returns the backoff's ceiling for the n-th transient failure in
// a row (n >= 1): minBackoff, doubling at each failure, capped at
// maxBackoff. Retries never stop.
func (s schedule) ceiling(n int) time.Duration {
	c := s.minBackoff
	for i := 1; i < n && c < s.maxBackoff; i++ {
		if c > s.maxBackoff/2 {
			return s.maxBackoff
		}
		c *= 2
	}
	return min(c, s.maxBackoff)
}

// nextAttempt returns when the attempt after the n-th transient failure in
// a row, at now, starts: after retryWait with the n-th ceiling (u picks
// where; expiresAt is the current token's expiry, zero with none), and
// never before the request limits let a retry of the renewer's own start.
func (s schedule) nextAttempt(now time.Time, n int, expiresAt time.Time, l limits, u float64) time.Time {
	wait := s.retryWait(s.ceiling(n), now, expiresAt, u)
	return later(now.Add(wait), l.earliest(now, TriggerScheduled))
}

// attemptTimeout returns the timeout of one fetch: the configured one,
// shortened so that about four attempts fit in the time left while the
// current token is valid, but never under minAttemptTime.
func attemptTimeout(configured time.Duration, now, expiresAt time.Time) time.Duration {
	if left := expiresAt.Sub(now); left > 0 {
		return min(configured, max(left/4, minAttemptTime))
	}
	return configured
}
