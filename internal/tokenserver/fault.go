package tokenserver

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// A Fault is how the server misbehaves for one token request. The zero
// Fault is a correct answer. Fields combine: Latency delays whatever the
// answer is, Skew and Lifetime change the token minted; of Outage, Upgrade,
// RedirectLoop, Status and Repeat the first set, in that order, is the answer.
type Fault struct {
	// Latency delays the answer (or the dropped connection).
	Latency time.Duration
	// Outage drops the connection without an answer, as a server that is
	// down or a network that is gone.
	Outage bool
	// Upgrade answers 101 Switching Protocols and then stays silent until
	// the client gives up.
	Upgrade bool
	// RedirectLoop answers 307 with a Location of the request's own URL.
	RedirectLoop bool
	// Status answers this HTTP status with a JSON error body
	// ({"error":"Service Unavailable"}); 401 is a revocation.
	Status int
	// RetryAfter, with Status, sends Retry-After in whole seconds.
	RetryAfter time.Duration
	// Repeat answers the route's previous token again, its relative
	// lifetime ("expires_in") reduced by the time since: an upstream cache.
	Repeat bool
	// Skew is how far the server's clock is off: it shifts the Date header
	// and the issue and expiry times of the JWTs minted. (Agora tokens are
	// stamped by go-tokenbuilder with the true clock.)
	Skew time.Duration
	// Lifetime, when positive, is the lifetime of every token minted,
	// whatever the request asked for: tokens shorter than asked.
	Lifetime time.Duration
}

// IsZero reports whether f changes nothing.
func (f Fault) IsZero() bool { return f == Fault{} }

// merge fills f's zero fields from g: earlier rules win.
func (f Fault) merge(g Fault) Fault {
	if f.Latency == 0 {
		f.Latency = g.Latency
	}
	f.Outage = f.Outage || g.Outage
	f.Upgrade = f.Upgrade || g.Upgrade
	f.RedirectLoop = f.RedirectLoop || g.RedirectLoop
	if f.Status == 0 {
		f.Status, f.RetryAfter = g.Status, g.RetryAfter
	}
	f.Repeat = f.Repeat || g.Repeat
	if f.Skew == 0 {
		f.Skew = g.Skew
	}
	if f.Lifetime == 0 {
		f.Lifetime = g.Lifetime
	}
	return f
}

// A Rule applies a Fault to the token requests it matches: those inside its
// time window, inside its request window and on its route. A zero bound is
// no bound, so the zero Rule matches every request.
type Rule struct {
	// After and Until bound the rule in time since the script was set
	// (Server.SetScript, or New): it matches from After on, and before
	// Until when Until is positive.
	After, Until time.Duration
	// FromRequest and ToRequest bound it by token request number, counting
	// every token request from 1 since the script was set: it matches
	// requests FromRequest to ToRequest, both included; zero is no bound.
	FromRequest, ToRequest int
	// Route limits the rule to one route: "agora", "agora-legacy",
	// "dolby", "roomservice", "text" or "json". Empty matches them all.
	Route string
	// Fault is what the matched requests get.
	Fault Fault
}

// matches reports whether r applies to request n on route, elapsed after
// the script was set.
func (r Rule) matches(elapsed time.Duration, n int, route string) bool {
	switch {
	case elapsed < r.After, r.Until > 0 && elapsed >= r.Until:
		return false
	case r.FromRequest > 0 && n < r.FromRequest, r.ToRequest > 0 && n > r.ToRequest:
		return false
	}
	return r.Route == "" || r.Route == route
}

// A Script is a list of rules. Every rule that matches a request applies;
// where two set the same field, the earlier rule wins.
type Script []Rule

// Fault returns the fault for token request n (counting from 1) on route,
// elapsed after the script was set. It is a pure function of its inputs.
func (s Script) Fault(elapsed time.Duration, n int, route string) Fault {
	var f Fault
	for _, r := range s {
		if r.matches(elapsed, n, route) {
			f = f.merge(r.Fault)
		}
	}
	return f
}

// String writes s in the syntax ParseScript reads, one rule a line.
func (s Script) String() string {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(r.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// String writes r in the syntax ParseRule reads.
func (r Rule) String() string {
	var w []string
	if r.After > 0 || r.Until > 0 {
		win := dur(r.After) + "-"
		if r.Until > 0 {
			win += dur(r.Until)
		}
		w = append(w, win)
	}
	if r.FromRequest > 0 || r.ToRequest > 0 {
		win := fmt.Sprint(max(r.FromRequest, 1))
		if r.ToRequest != r.FromRequest {
			win += "-"
			if r.ToRequest > 0 {
				win += fmt.Sprint(r.ToRequest)
			}
		}
		w = append(w, "req", win)
	}
	if len(w) == 0 {
		w = append(w, "always")
	}
	if r.Route != "" {
		w = append(w, "route", r.Route)
	}
	f := r.Fault
	for _, kv := range []struct {
		on   bool
		word string
	}{
		{f.Latency > 0, "latency " + dur(f.Latency)},
		{f.Outage, "outage"},
		{f.Upgrade, "upgrade"},
		{f.RedirectLoop, "redirect-loop"},
		{f.Status > 0, fmt.Sprint("status ", f.Status)},
		{f.RetryAfter > 0, "retry-after " + dur(f.RetryAfter)},
		{f.Repeat, "repeat"},
		{f.Skew != 0, "skew " + dur(f.Skew)},
		{f.Lifetime > 0, "lifetime " + dur(f.Lifetime)},
	} {
		if kv.on {
			w = append(w, kv.word)
		}
	}
	if f.IsZero() {
		w = append(w, "ok")
	}
	return strings.Join(w, " ")
}

// dur formats d without the zero units time.Duration.String adds ("1h0m0s").
func dur(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// faultKey keys the fault of a request in its context.
type faultKey struct{}

// faultOf returns the fault the request's context carries.
func faultOf(ctx context.Context) Fault {
	f, _ := ctx.Value(faultKey{}).(Fault)
	return f
}
