package httpsource

import (
	"math"
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/internal/scrub"
	"github.com/tokenrenew/tokenrenew/internal/wire"
)

// maxAge bounds the Age header believed: a week, as long as the renewer
// believes any token lives.
const maxAge = 7 * 24 * time.Hour

// Date reads a Date header value; false when it is absent, unparseable, or
// outside the years 1970 to 2200, which no server clock shows.
func Date(v string) (time.Time, bool) {
	t, ok := wire.HTTPDate(v)
	return t, ok && t.Year() >= 1970 && t.Year() <= 2200
}

// ServerNow returns the server's time when the answer with headers hdr
// (lower-case names) arrived at received: its Date, plus its Age when a
// cache kept it; received when it has no Date. A time the server gives
// (an HTTP-date Retry-After) is read against it, so that a local clock
// that is off does not shorten or stretch the wait.
func ServerNow(hdr map[string]string, received time.Time) time.Time {
	t, ok := Date(hdr["date"])
	if !ok {
		return received
	}
	if age, ok := parseUint(strings.TrimSpace(hdr["age"])); ok {
		t = t.Add(time.Duration(min(age, uint64(maxAge/time.Second))) * time.Second)
	}
	return t
}

// RetryAfter returns the delay resp, received at received, asks for with
// Retry-After (see ParseRetryAfter), read against the server's clock.
func RetryAfter(resp *Response, received time.Time) time.Duration {
	return ParseRetryAfter(resp.Header["retry-after"], ServerNow(resp.Header, received))
}

// ParseRetryAfter parses a Retry-After value: delay seconds (any number of
// digits), or an HTTP date relative to now, the server's time when it
// answered (see ServerNow). It returns zero for anything else, and cuts
// the delay to MaxRetryAfter.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, ok := parseUint(v); ok {
		d = time.Duration(min(n, uint64(MaxRetryAfter/time.Second))) * time.Second
	} else if t, ok := wire.HTTPDate(v); ok {
		d = t.Sub(now)
	}
	return min(max(d, 0), MaxRetryAfter)
}

// parseUint parses a decimal of digits only, of any length; a value past
// the range of uint64 reads as math.MaxUint64.
func parseUint(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > (math.MaxUint64-9)/10 {
			n = math.MaxUint64
			continue
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// IsMarkup reports whether body is markup: its first byte, after white
// space and a UTF-8 byte order mark, is '<', which no token, JSON or
// plain-text answer begins with.
func IsMarkup(body []byte) bool {
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c == '<':
			return true
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case i+2 < len(body) && c == 0xef && body[i+1] == 0xbb && body[i+2] == 0xbf:
			i += 2 // a byte order mark
		default:
			return false
		}
	}
	return false
}

// MaxMessageLen bounds the explanation Message returns.
const MaxMessageLen = 200

// Message returns a short printable explanation from an error body: the
// "error" or "message" field of a JSON object, or the first line of the
// first 4 KiB of text, with s's secrets removed (see scrub.Set.Message),
// cut to MaxMessageLen bytes. The whole body is decoded, so that a JSON
// body over 4 KiB is not shown as raw text; a body that begins as a JSON
// object but does not decode is not shown at all.
func Message(resp *Response, s scrub.Set) string {
	msg := ""
	v, err := jsonlite.Decode(resp.Body, true)
	if obj, isObj := v.(map[string]any); err == nil && (v == nil || isObj) {
		for _, k := range [...]string{"error", "message", "error_description", "body"} {
			if s, ok := obj[k].(string); ok {
				msg = s
				break
			}
		}
	} else if !strings.Contains(resp.Header["content-type"], "html") && !strings.HasPrefix(strings.TrimSpace(string(resp.Body[:min(len(resp.Body), 64)])), "{") {
		// Not a JSON object (a broken one could hold a token in any
		// field, under any name): its first line.
		msg, _, _ = strings.Cut(string(resp.Body[:min(len(resp.Body), 4096)]), "\n")
	}
	return s.Message(msg, MaxMessageLen)
}

// OriginRefused reports whether resp is a token server's CORS refusal: a
// 403 whose explanation msg says "Origin not allowed" (the Agora token
// service's). OriginAdvice says what the client can do.
func OriginRefused(resp *Response, msg string) bool {
	return resp.StatusCode == 403 && strings.Contains(strings.ToLower(msg), "origin not allowed")
}
