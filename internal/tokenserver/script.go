package tokenserver

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrScript is matched by every error of ParseScript and ParseRule.
var ErrScript = errors.New("tokenserver: bad fault script")

// ParseScript reads a script, one rule a line (see ParseRule). Blank lines
// and text after '#' are ignored. Errors match ErrScript and name the line.
func ParseScript(text string) (Script, error) {
	var s Script
	for i, line := range strings.Split(text, "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		r, err := ParseRule(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		s = append(s, r)
	}
	return s, nil
}

// ParseRule reads one rule: when, optionally which route, then what.
//
//	when:   always | A-B | A- (time since start: 10m-20m, 1h-) and/or
//	        req N | req N-M | req N- (token request numbers, from 1)
//	route:  route agora|agora-legacy|dolby|roomservice|text|json
//	what:   ok | outage | upgrade | redirect-loop | repeat |
//	        status N | retry-after D | revoke (status 401) |
//	        latency D | skew D (may be negative) | lifetime D
//
// For example "10m-20m outage", "req 3-5 status 503 retry-after 10s",
// "30m- revoke", "req 2 route dolby repeat", "always skew -5m".
func ParseRule(line string) (Rule, error) {
	var r Rule
	w := strings.Fields(line)
	bad := func(format string, args ...any) (Rule, error) {
		return Rule{}, fmt.Errorf("%w: %q: %s", ErrScript, line, fmt.Sprintf(format, args...))
	}
	arg := func(i int) (string, bool) {
		if i+1 >= len(w) {
			return "", false
		}
		return w[i+1], true
	}
	whenSeen, whatSeen := false, false
	for i := 0; i < len(w); i++ {
		word := strings.ToLower(w[i])
		if whatSeen && (word == "always" || word == "req" || word == "route" || isWindow(word)) {
			return bad("%q must come before the fault", word)
		}
		switch word {
		case "always":
			whenSeen = true
			continue
		case "req", "request", "requests":
			v, ok := arg(i)
			if !ok {
				return bad("req wants N, N-M or N-")
			}
			from, to, err := parseRange(v)
			if err != nil {
				return bad("req %s: %v", v, err)
			}
			r.FromRequest, r.ToRequest = from, to
			whenSeen = true
			i++
			continue
		case "route":
			v, ok := arg(i)
			if !ok || !isRoute(v) {
				return bad("route wants one of %s", strings.Join(routeNames, ", "))
			}
			r.Route = v
			i++
			continue
		}
		if isWindow(word) {
			if whenSeen && (r.After > 0 || r.Until > 0) {
				return bad("two time windows")
			}
			a, b, _ := strings.Cut(word, "-")
			var err error
			if r.After, err = parseDur(a); err != nil {
				return bad("%v", err)
			}
			if r.Until, err = parseDur(b); err != nil {
				return bad("%v", err)
			}
			if r.Until > 0 && r.Until <= r.After {
				return bad("window %s ends before it starts", word)
			}
			whenSeen = true
			continue
		}
		whatSeen = true
		switch word {
		case "ok":
		case "outage":
			r.Fault.Outage = true
		case "upgrade":
			r.Fault.Upgrade = true
		case "redirect-loop":
			r.Fault.RedirectLoop = true
		case "repeat":
			r.Fault.Repeat = true
		case "revoke", "revoked":
			r.Fault.Status = 401
		case "status":
			v, ok := arg(i)
			n, err := strconv.Atoi(v)
			if !ok || err != nil || n < 200 || n > 599 {
				return bad("status wants a number from 200 to 599")
			}
			r.Fault.Status = n
			i++
		case "latency", "retry-after", "skew", "lifetime":
			v, ok := arg(i)
			if !ok {
				return bad("%s wants a duration such as 10s", word)
			}
			d, err := time.ParseDuration(v)
			if err != nil || (d <= 0 && word != "skew") {
				return bad("%s wants a positive duration such as 10s, got %q", word, v)
			}
			switch word {
			case "latency":
				r.Fault.Latency = d
			case "retry-after":
				r.Fault.RetryAfter = d
			case "skew":
				r.Fault.Skew = d
			case "lifetime":
				r.Fault.Lifetime = d
			}
			i++
		default:
			return bad("unknown word %q", w[i])
		}
	}
	if !whatSeen {
		return bad("no fault (outage, upgrade, redirect-loop, repeat, status N, revoke, latency D, skew D, lifetime D or ok)")
	}
	if r.Fault.RetryAfter > 0 && r.Fault.Status == 0 {
		return bad("retry-after goes with status N")
	}
	return r, nil
}

// routeNames are the routes a rule can name.
var routeNames = []string{"agora", "agora-legacy", "dolby", "roomservice", "text", "json"}

func isRoute(s string) bool {
	for _, n := range routeNames {
		if s == n {
			return true
		}
	}
	return false
}

// isWindow reports whether word looks like a time window, "A-B", "A-" or "-B".
func isWindow(word string) bool {
	a, b, ok := strings.Cut(word, "-")
	if !ok || (a == "" && b == "") {
		return false
	}
	_, errA := parseDur(a)
	_, errB := parseDur(b)
	return errA == nil && errB == nil
}

// parseDur parses a duration; "" and "0" are zero.
func parseDur(s string) (time.Duration, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration such as 90s or 1h30m", s)
	}
	return d, nil
}

// parseRange parses "N", "N-M" or "N-".
func parseRange(s string) (from, to int, err error) {
	a, b, dash := strings.Cut(s, "-")
	if from, err = strconv.Atoi(a); err != nil || from < 1 {
		return 0, 0, errors.New("want request numbers from 1")
	}
	switch {
	case !dash:
		return from, from, nil
	case b == "":
		return from, 0, nil
	}
	if to, err = strconv.Atoi(b); err != nil || to < from {
		return 0, 0, errors.New("want N-M with M at least N")
	}
	return from, to, nil
}
