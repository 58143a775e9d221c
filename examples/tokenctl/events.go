package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// printer is a renewer.Listener that prints each event on one line: for a
// person (local time, event, countdown, expiry source), or as a JSON object.
// It prints the token only when showToken is set.
type printer struct {
	w         io.Writer
	json      bool
	showToken bool
	now       func() time.Time

	start time.Time // when the printer was made

	mu       sync.Mutex
	renewals int
	last     time.Time // when the previous token arrived
}

func newPrinter(w io.Writer, asJSON, showToken bool) *printer {
	return &printer{w: w, json: asJSON, showToken: showToken, now: time.Now, start: time.Now()}
}

// Stopped prints what the renewer did, from its stats after Stop: a
// "stopped after" line, or a "stopped" JSON event.
func (p *printer) Stopped(s renewer.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	ran := now.Sub(p.start)
	if p.json {
		p.writeJSON(map[string]any{
			"event":       "stopped",
			"time":        now.Format(time.RFC3339),
			"seconds":     roundSeconds(ran),
			"renewals":    s.Renewals,
			"failures":    s.Failures,
			"expirations": s.Expirations,
		})
		return
	}
	msg := fmt.Sprintf("%s, %s", plural(s.Renewals, "token", "tokens"), plural(s.Failures, "failed fetch", "failed fetches"))
	if s.Expirations > 0 {
		msg += fmt.Sprintf(", %s with no replacement", plural(s.Expirations, "expiry", "expiries"))
	}
	fmt.Fprintf(p.w, "%s  stopped after %s: %s\n", now.Local().Format(time.TimeOnly), humanDuration(ran), msg)
}

// RenewToken prints a renew_token line.
func (p *printer) RenewToken(tok renewer.Token) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.renewals++
	since := time.Duration(0)
	if !p.last.IsZero() {
		since = now.Sub(p.last)
	}
	p.last = now
	if p.json {
		ev := map[string]any{
			"event":         "renew_token",
			"time":          now.Format(time.RFC3339),
			"expires_at":    tok.ExpiresAt.Unix(),
			"issued_at":     tok.IssuedAt.Unix(),
			"expires_in":    roundSeconds(tok.ExpiresAt.Sub(now)),
			"expiry_source": tok.ExpirySource.String(),
		}
		if len(tok.Extra) > 0 {
			ev["extra"] = tok.Extra
		}
		if p.showToken {
			ev["token"] = tok.Value
		}
		p.writeJSON(ev)
		return
	}
	msg := fmt.Sprintf("token #%d, expires in %s at %s (expiry from %s)",
		p.renewals, countdown(tok.ExpiresAt.Sub(now)), tok.ExpiresAt.Local().Format(time.TimeOnly), tok.ExpirySource)
	if since > 0 {
		msg += fmt.Sprintf(", %s after the previous one", countdown(since))
	}
	if x := describeExtra(tok.Extra); x != "" {
		msg += "; " + x
	}
	if p.showToken {
		msg += "\n          token: " + tok.Value
	}
	p.line(now, "renew_token", msg)
}

// TokenWillExpire prints a token_will_expire line.
func (p *printer) TokenWillExpire(tok renewer.Token, left time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if p.json {
		p.writeJSON(map[string]any{
			"event":        "token_will_expire",
			"time":         now.Format(time.RFC3339),
			"expires_at":   tok.ExpiresAt.Unix(),
			"left_seconds": roundSeconds(left),
		})
		return
	}
	p.line(now, "token_will_expire", fmt.Sprintf("expires in %s at %s and no fresher token yet",
		countdown(left), tok.ExpiresAt.Local().Format(time.TimeOnly)))
}

// TokenExpired prints a token_expired line.
func (p *printer) TokenExpired(tok renewer.Token) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if p.json {
		p.writeJSON(map[string]any{"event": "token_expired", "time": now.Format(time.RFC3339), "expires_at": tok.ExpiresAt.Unix()})
		return
	}
	p.line(now, "token_expired", fmt.Sprintf("expired at %s with no replacement; still trying", tok.ExpiresAt.Local().Format(time.TimeOnly)))
}

// Error prints an error line.
func (p *printer) Error(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	permanent := renewer.IsPermanent(err)
	if p.json {
		ev := map[string]any{
			"event":     "error",
			"time":      now.Format(time.RFC3339),
			"error":     err.Error(),
			"permanent": permanent,
			"code":      renewer.Code(err),
		}
		var se *renewer.StatusError
		if errors.As(err, &se) {
			ev["status"] = se.StatusCode
		}
		p.writeJSON(ev)
		return
	}
	kind := "will retry"
	if permanent {
		kind = "permanent, waiting for a refresh"
	}
	p.line(now, "error", fmt.Sprintf("%s (%s, %s)", safe(err.Error()), renewer.Code(err), kind))
}

// line prints one human-readable event line. p.mu is held.
func (p *printer) line(now time.Time, event, msg string) {
	fmt.Fprintf(p.w, "%s  %-17s  %s\n", now.Local().Format(time.TimeOnly), event, msg)
}

// writeJSON prints v as one line of JSON. p.mu is held.
func (p *printer) writeJSON(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"event": "error", "error": err.Error(), "code": "internal"})
	}
	fmt.Fprintf(p.w, "%s\n", safeJSON(b))
}

// roundSeconds returns d in seconds, to a tenth.
func roundSeconds(d time.Duration) float64 {
	return float64(d.Round(100*time.Millisecond)) / float64(time.Second)
}

// countdown formats d to the second, or to a tenth below ten seconds.
func countdown(d time.Duration) string {
	if d < 10*time.Second && d > -10*time.Second {
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

// describeExtra lists a token's extras without secrets: strings as they
// are (escaped when not printable), lists by their length, secrets
// redacted.
func describeExtra(extra map[string]any) string {
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		switch v := extra[k].(type) {
		case renewer.Secret:
			parts = append(parts, safe(k)+"="+v.String())
		case string:
			parts = append(parts, safe(k)+"="+safe(v))
		case []any:
			parts = append(parts, fmt.Sprintf("%s=[%d]", safe(k), len(v)))
		default:
			parts = append(parts, safe(k)+"=…")
		}
	}
	return strings.Join(parts, " ")
}
