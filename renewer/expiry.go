package renewer

import (
	"strings"
	"sync"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/httpsource"
	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
)

// minSkew is the smallest Date header offset believed: Date has one-second
// resolution and the response took some time to arrive.
const minSkew = 2 * time.Second

// clockSkew returns how far the server's clock, read from a Date header
// value, is ahead of the local one at received; zero when date is absent,
// unparseable, outside the years 1970 to 2200, or within minSkew. A local
// clock years off (a phone reset to 1970) is corrected too.
func clockSkew(date string, received time.Time) time.Duration {
	t, ok := httpsource.Date(date)
	if !ok {
		return 0
	}
	d := t.Sub(received)
	if d > -minSkew && d < minSkew {
		return 0
	}
	return d
}

// Bounds on believing a Date header.
const (
	// dateAgreement is how far Date may be from the token's own issue
	// time for the two to count as one clock's evidence: a token server
	// mints the token while it answers.
	dateAgreement = 5 * time.Minute
	// maxUnverifiedSkew bounds a correction that no issue time confirms.
	maxUnverifiedSkew = 24 * time.Hour
)

// trustedSkew returns the clock skew to correct absolute times by, from
// the response headers hdr (lower-case names) received at received, when
// the evidence agrees with itself; else zero. A response with an Age header
// came from a cache, whose Date is the origin's, not now: it is not
// believed. When the token says when it was issued (issued, by the server's
// clock), Date must agree with that within dateAgreement, which also keeps
// a correction from making a just-issued token look expired or live longer
// than it was minted for; otherwise the correction is at most
// maxUnverifiedSkew. A stale cache that sends no Age passes these checks:
// see skewWitness for what catches it.
func trustedSkew(hdr map[string]string, received, issued time.Time) time.Duration {
	if hdr == nil {
		return 0
	}
	if age := strings.TrimSpace(hdr["age"]); age != "" && strings.Trim(age, "0") != "" {
		return 0
	}
	d := clockSkew(hdr["date"], received)
	if d == 0 {
		return 0
	}
	if !issued.IsZero() {
		if diff := received.Add(d).Sub(issued); diff < -dateAgreement || diff > dateAgreement {
			return 0
		}
		return d
	}
	if d > maxUnverifiedSkew || d < -maxUnverifiedSkew {
		return 0
	}
	return d
}

// A skewReading is the clock skew one answer's Date showed.
type skewReading struct {
	skew  time.Duration // the server's clock minus the local one
	date  time.Time     // the answer's Date; zero: no reading
	slack time.Duration // how far skew may be off: Date's resolution and the round trip
}

// agrees reports whether r and o can be readings of one clock offset.
func (r skewReading) agrees(o skewReading) bool {
	d, tol := r.skew-o.skew, max(r.slack, o.slack)
	return -tol <= d && d <= tol
}

// A skewWitness decides whether to believe a clock correction that would
// revive a token the local clock calls expired. A device clock that is
// fast and a cache replaying an old answer without an Age header look
// alike in one answer: Date agrees with the token's issue time, and both
// are behind the local clock. They differ in the next answer: a fast clock
// stays fast by as much, while a replayed answer's Date stands still. So
// such a correction is believed only once a second, fresh answer (a later
// Date) shows the same skew; from then on, an answer that agrees with the
// confirmed skew is believed at once. The zero skewWitness is ready to
// use; it is safe for concurrent use.
type skewWitness struct {
	mu        sync.Mutex
	pending   skewReading // awaiting a second answer
	confirmed skewReading // confirmed by two answers, then kept up to date
}

// confirms reports whether r, the reading of an answer whose correction
// would revive an expired token, is confirmed: by the previous such
// reading or by the confirmed skew, each from an answer with an earlier
// Date. When it is not, r waits for the next answer to confirm it. A nil
// w confirms nothing.
func (w *skewWitness) confirms(r skewReading) bool {
	if w == nil {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, prev := range [...]skewReading{w.confirmed, w.pending} {
		if !prev.date.IsZero() && r.date.After(prev.date) && r.agrees(prev) {
			w.confirmed, w.pending = r, skewReading{}
			return true
		}
	}
	w.pending = r
	return false
}

// capLifetime returns exp, or arrival+maxLifetime when that is earlier: no
// token is believed to live longer than maxLifetime past its arrival,
// whatever its issue time says.
func capLifetime(exp, arrival time.Time) time.Time {
	return earlier(exp, arrival.Add(maxLifetime))
}

// resolveExpiry fills in tok.ExpiresAt, ExpirySource and IssuedAt (the
// token's own issue time when its expiry comes from the token, else
// sent). The expiry is the earliest of what is said: the response's
// relative lifetime counted from sent, its absolute expiry, and the
// token's own claims (JWT exp, Agora); else the profile default; else the
// fallback. It is cut to maxLifetime
// after sent.
//
// Absolute server times are corrected by trustedSkew of the response
// headers hdr (nil: none) received at received. A correction that would
// revive a token already expired by the local clock is believed only when
// w confirms it (see skewWitness); otherwise resolveExpiry fails with an
// error matching ErrAlreadyExpired.
func resolveExpiry(tok *Token, g Grant, sent, received time.Time, hdr map[string]string, fallback time.Duration, w *skewWitness) error {
	info, _ := tokeninfo.Inspect(tok.Value)
	skew := trustedSkew(hdr, received, info.IssuedAt)
	said := func(skew time.Duration) (at time.Time, from ExpirySource) {
		consider := func(t time.Time, src ExpirySource) {
			if !t.IsZero() && (at.IsZero() || t.Before(at)) {
				at, from = t, src
			}
		}
		if g.ExpiresIn > 0 {
			consider(sent.Add(g.ExpiresIn), ExpiryResponse)
		}
		if !g.ExpiresAt.IsZero() {
			consider(g.ExpiresAt.Add(-skew), ExpiryResponse)
		}
		if !info.ExpiresAt.IsZero() {
			consider(info.ExpiresAt.Add(-skew), ExpiryToken)
		}
		return at, from
	}
	tok.ExpiresAt, tok.ExpirySource = said(skew)
	if skew < 0 && tok.ExpiresAt.After(received) {
		if local, _ := said(0); !local.After(received) {
			r := skewReading{skew: skew, date: received.Add(skew), slack: minSkew + max(received.Sub(sent), 0)}
			if !w.confirms(r) {
				return errtext.Wrap(ErrAlreadyExpired, "it expired by this device's clock; the answer's Date puts the clock "+
					(-skew).Round(time.Second).String()+" fast, which a second, fresh answer must confirm")
			}
		}
	}
	tok.IssuedAt = sent
	if iat := info.IssuedAt.Add(-skew); tok.ExpirySource == ExpiryToken && !info.IssuedAt.IsZero() && iat.Before(sent) && iat.Before(tok.ExpiresAt) {
		tok.IssuedAt = iat
	}
	switch {
	case !tok.ExpiresAt.IsZero():
	case g.DefaultTTL > 0:
		tok.ExpiresAt, tok.ExpirySource = sent.Add(g.DefaultTTL), ExpiryProfile
	default:
		tok.ExpiresAt, tok.ExpirySource = sent.Add(fallback), ExpiryFallback
	}
	tok.ExpiresAt = capLifetime(tok.ExpiresAt, sent).Round(0)
	tok.IssuedAt = tok.IssuedAt.Round(0)
	return nil
}
