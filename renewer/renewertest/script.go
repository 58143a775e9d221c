package renewertest

import (
	"time"

	"github.com/tokenrenew/tokenrenew/internal/tokenserver"
)

// A Fault is how the server misbehaves for one token request. The zero
// Fault is a correct answer. Fields combine: Latency delays whatever the
// answer is, Skew and Lifetime change the token minted; of Outage, Upgrade,
// RedirectLoop, Status and Repeat the first set, in that order, is the
// answer.
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
	// stamped with the true clock.)
	Skew time.Duration
	// Lifetime, when positive, is the lifetime of every token minted,
	// whatever the request asked for: tokens shorter than asked.
	Lifetime time.Duration
}

// A Rule applies a Fault to the token requests it matches: those inside its
// time window, inside its request window and on its route. A zero bound is
// no bound, so the zero Rule matches every request.
type Rule struct {
	// After and Until bound the rule in time since the script was set
	// (Server.SetScript, or NewServer): it matches from After on, and
	// before Until when Until is positive.
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

// String writes r in the text form ParseScript reads, as one line.
func (r Rule) String() string { return r.server().String() }

// A Script is a list of Rules. Every rule that matches a request applies;
// where two set the same field, the earlier rule wins.
type Script []Rule

// String writes s in the text form ParseScript reads, one rule a line.
func (s Script) String() string { return s.server().String() }

// ErrScript is matched by every error of ParseScript.
var ErrScript = tokenserver.ErrScript

// ParseScript reads a script in text form, one rule a line: when, then
// optionally "route NAME", then the fault. Blank lines and text after '#'
// are ignored.
//
//	when:   always | A-B | A- (time since the start: 10m-20m, 1h-) and/or
//	        req N | req N-M | req N- (token request numbers, from 1)
//	fault:  ok | outage | upgrade | redirect-loop | repeat |
//	        status N | retry-after D | revoke (status 401) |
//	        latency D | skew D (may be negative) | lifetime D
//
// For example:
//
//	2h-2h10m outage                      # ten minutes down
//	req 3-5 status 503 retry-after 10s
//	6h- revoke                           # 401 from six hours on
//	req 2 route dolby repeat             # the same token again
//	always skew -5m                      # a server clock five minutes slow
//
// Errors match ErrScript and name the line.
func ParseScript(text string) (Script, error) {
	s, err := tokenserver.ParseScript(text)
	if err != nil {
		return nil, err
	}
	return scriptOf(s), nil
}

// MustParseScript is like ParseScript but panics on an error; for tests.
func MustParseScript(text string) Script {
	s, err := ParseScript(text)
	if err != nil {
		panic(err)
	}
	return s
}

// The server's own types have the same fields; these convert at the
// boundary (TestTypesMatchTheServers keeps the fields in step).

func (f Fault) server() tokenserver.Fault { return tokenserver.Fault(f) }

func (r Rule) server() tokenserver.Rule {
	return tokenserver.Rule{After: r.After, Until: r.Until, FromRequest: r.FromRequest, ToRequest: r.ToRequest,
		Route: r.Route, Fault: r.Fault.server()}
}

func (s Script) server() tokenserver.Script {
	if s == nil {
		return nil
	}
	out := make(tokenserver.Script, len(s))
	for i, r := range s {
		out[i] = r.server()
	}
	return out
}

func scriptOf(s tokenserver.Script) Script {
	if s == nil {
		return nil
	}
	out := make(Script, len(s))
	for i, r := range s {
		out[i] = Rule{After: r.After, Until: r.Until, FromRequest: r.FromRequest, ToRequest: r.ToRequest,
			Route: r.Route, Fault: Fault(r.Fault)}
	}
	return out
}
