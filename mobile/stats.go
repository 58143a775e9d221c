package mobile

import "github.com/tokenrenew/tokenrenew/renewer"

// Stats describes a Renewer at one moment. Times are Unix milliseconds, 0
// when unknown.
type Stats struct {
	// Fetches counts the fetches started.
	Fetches int64
	// Renewals counts the new tokens taken.
	Renewals int64
	// Failures counts the failed fetches.
	Failures int64
	// Expirations counts the tokens that expired with no replacement.
	Expirations int64
	// ConsecutiveFailures counts the failures since the last new token.
	ConsecutiveFailures int64
	// Valid says a valid token is held.
	Valid bool
	// ExpiresAtMs is when the current token expires.
	ExpiresAtMs int64
	// NextAttemptMs is when the next fetch is planned; 0 while paused,
	// unless the app asked for it.
	NextAttemptMs int64
	// Waiting says renewal stopped after a permanent failure and waits for
	// Refresh or Resume.
	Waiting bool
	// Paused says Pause was called and Resume has not been.
	Paused bool
	// LastErrorCode is the ErrorCode of the last failure since the last
	// new token, or ErrorCodeNone.
	LastErrorCode int64
	// LastErrorMessage is that failure's text, or "".
	LastErrorMessage string
	// LastErrorPermanent says that failure is permanent.
	LastErrorPermanent bool
}

func newStats(s renewer.Stats) *Stats {
	m := &Stats{
		Fetches: s.Fetches, Renewals: s.Renewals, Failures: s.Failures, Expirations: s.Expirations,
		ConsecutiveFailures: s.ConsecutiveFailures, Valid: s.Valid,
		ExpiresAtMs: unixMs(s.ExpiresAt), NextAttemptMs: unixMs(s.NextAttempt), Waiting: s.Waiting,
		Paused: s.Paused,
	}
	if s.LastError != nil {
		m.LastErrorCode = codeFor(s.LastError)
		m.LastErrorMessage = message(s.LastError)
		m.LastErrorPermanent = renewer.IsPermanent(s.LastError)
	}
	return m
}
