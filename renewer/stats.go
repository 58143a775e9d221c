package renewer

import (
	"strconv"
	"time"
)

// A Trigger says what started a fetch.
type Trigger uint8

// What can start a fetch.
const (
	TriggerStart      Trigger = iota // Start found no usable token
	TriggerScheduled                 // the renewal time came, or a planned retry fell due
	TriggerOnDemand                  // Token found no valid token and no fetch planned
	TriggerRefresh                   // Refresh
	TriggerInvalidate                // Invalidate
	TriggerResume                    // Resume
	numTriggers
)

var triggerNames = [...]string{"start", "scheduled", "on_demand", "refresh", "invalidate", "resume"}

// String returns a short, stable, lower-case name: "start", "scheduled",
// "on_demand", "refresh", "invalidate" or "resume".
func (t Trigger) String() string {
	if int(t) < len(triggerNames) {
		return triggerNames[t]
	}
	return "Trigger(" + strconv.Itoa(int(t)) + ")"
}

// Stats describes a Renewer at one moment.
type Stats struct {
	Fetches             int64     // fetches started
	Renewals            int64     // new tokens taken
	Failures            int64     // fetches failed
	Expirations         int64     // tokens that expired with no replacement
	ConsecutiveFailures int64     // failures since the last new token
	Valid               bool      // a valid token is held
	ExpiresAt           time.Time // the current token's expiry, or zero
	NextAttempt         time.Time // the next planned fetch, or zero (none is planned while paused but for one the app asked for)
	Waiting             bool      // stopped retrying after a permanent failure
	Paused              bool      // Pause was called and Resume has not been
	LastError           error     // the last failure since the last new token
}

// A FetchInfo describes one fetch that ended, for metrics and tracing.
type FetchInfo struct {
	Trigger  Trigger       // what started it
	Start    time.Time     // when it started, by the wall clock
	Duration time.Duration // how long it took
	// Err is why it failed, or nil when it brought a new token. A token
	// that came back but was refused (no progress, already expired, too
	// short-lived) counts as a failure.
	Err error
	// ExpiresAt is the new token's expiry when one was taken, else zero.
	ExpiresAt time.Time
}

// counters are the counts Stats reports, guarded by Renewer.mu: 32 bits a
// count (136 years of a fetch a second) keep an idle renewer small.
type counters struct {
	fetches, renewals, failures, expirations, consecutiveFailures uint32
}

// Stats returns counters and the current state. It takes the renewer's
// lock briefly and never waits for a fetch. It calls no method of
// LastError: it may be called from one.
func (r *Renewer) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := Stats{Fetches: int64(r.counts.fetches), Renewals: int64(r.counts.renewals),
		Failures: int64(r.counts.failures), Expirations: int64(r.counts.expirations),
		ConsecutiveFailures: int64(r.counts.consecutiveFailures)}
	now := r.now()
	c := r.cur.Load()
	if c != nil {
		s.ExpiresAt = c.tok.ExpiresAt
		s.Valid = c.tok.ValidAt(now)
	}
	if r.active() {
		s.NextAttempt = r.nextFetch()
	}
	s.Waiting = r.blocked
	s.Paused = r.paused
	s.LastError = r.lastErr() // classified before the lock: see failure
	return s
}

// String describes the renewer without its token.
func (r *Renewer) String() string {
	s := r.Stats()
	return "renewer.Renewer{valid:" + strconv.FormatBool(s.Valid) + ", expires:" + s.ExpiresAt.UTC().Format(time.RFC3339) +
		", renewals:" + strconv.FormatInt(s.Renewals, 10) + ", failures:" + strconv.FormatInt(s.Failures, 10) + "}"
}
