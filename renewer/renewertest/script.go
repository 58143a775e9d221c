package renewertest

import "github.com/tokenrenew/tokenrenew/internal/tokenserver"

// A Fault is how the server misbehaves for one token request; the zero
// Fault is a correct answer. Its fields:
//
//	Latency      time.Duration  delay the answer (or the dropped connection)
//	Outage       bool           drop the connection with no answer
//	Upgrade      bool           answer 101 Switching Protocols, then stay silent
//	RedirectLoop bool           answer 307 to the request's own URL
//	Status       int            answer this status ({"error":"…"}); 401 is a revocation
//	RetryAfter   time.Duration  with Status, send Retry-After in whole seconds
//	Repeat       bool           answer the route's previous token again (an upstream cache)
//	Skew         time.Duration  the server's clock is this far off: Date and JWT times
//	Lifetime     time.Duration  tokens live this long whatever was asked
//
// Latency, Skew and Lifetime combine with the rest; of Outage, Upgrade,
// RedirectLoop, Status and Repeat the first set, in that order, answers.
type Fault = tokenserver.Fault

// A Rule applies a Fault to the token requests it matches:
//
//	After, Until             time.Duration  since the script was set: from After, before Until (0: no end)
//	FromRequest, ToRequest   int            token request numbers from 1, both included (0: no bound)
//	Route                    string         "agora", "agora-legacy", "dolby", "roomservice", "text", "json"; "" all
//	Fault                    Fault
//
// The zero Rule matches every request.
type Rule = tokenserver.Rule

// A Script is a list of Rules. Every rule that matches a request applies;
// where two set the same field, the earlier rule wins. Its String method
// writes the text form ParseScript reads.
type Script = tokenserver.Script

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
func ParseScript(text string) (Script, error) { return tokenserver.ParseScript(text) }

// MustParseScript is like ParseScript but panics on an error; for tests.
func MustParseScript(text string) Script {
	s, err := ParseScript(text)
	if err != nil {
		panic(err)
	}
	return s
}
