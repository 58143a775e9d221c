// Package wire reads what token servers send: a JSON object with its
// numbers as float64, fields by name or dotted path, lifetimes and times in
// the shapes servers send them (wire.go), and the dates of HTTP headers and
// JSON answers without time.Parse (date.go). The profiles of token servers
// and the renewer's expiry rules share it.
package wire

import (
	"strconv"
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
)

// normalizeNumbers turns Number values at the top level into float64,
// dropping those out of float64's range.
func normalizeNumbers(obj map[string]any) {
	for k, v := range obj {
		if n, ok := v.(jsonlite.Number); ok {
			f, err := n.Float64()
			if err != nil {
				delete(obj, k)
				continue
			}
			obj[k] = f
		}
	}
}

// Lookup finds a dotted path in obj.
func Lookup(obj map[string]any, path string) (any, bool) {
	for {
		head, rest, more := strings.Cut(path, ".")
		v, ok := obj[head]
		if !ok || !more {
			if n, isNum := v.(jsonlite.Number); isNum {
				f, err := n.Float64()
				return f, err == nil
			}
			return v, ok
		}
		if obj, ok = v.(map[string]any); !ok {
			return nil, false
		}
		path = rest
	}
}

// First returns the value at path if it is set, else at the first of names
// present.
func First(obj map[string]any, path string, names []string) (any, bool) {
	if path != "" {
		return Lookup(obj, path)
	}
	for _, n := range names {
		if v, ok := obj[n]; ok {
			return v, true
		}
	}
	return nil, false
}

// Time reads an absolute time: unix seconds, unix milliseconds (values
// past year 33658 in seconds), as a JSON number or numeric string, or an
// RFC 3339 string. It returns false for anything else.
func Time(v any) (time.Time, bool) {
	var n float64
	switch x := v.(type) {
	case float64:
		n = x
	case string:
		if t, ok := RFC3339(x); ok {
			return t, true
		}
		f, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return time.Time{}, false
		}
		n = f
	default:
		return time.Time{}, false
	}
	if n <= 0 || n != n || n > 1e15 {
		return time.Time{}, false
	}
	if n > 1e12 {
		return time.UnixMilli(int64(n)), true
	}
	return time.Unix(int64(n), 0), true
}

// maxSeconds bounds what Seconds returns, so that the Duration cannot
// overflow: 100 years, longer than any token lives. How long a lifetime is
// believed is the renewer's policy, not this package's: it cuts longer
// claims much shorter.
const maxSeconds = 100 * 365 * 24 * 60 * 60

// Seconds reads a relative lifetime in seconds, as a JSON number or a
// numeric string; false for anything else or a non-positive value (zero,
// as in OAuth 2, says nothing; see RunOut for a negative one). A lifetime
// over 100 years reads as 100 years.
func Seconds(v any) (time.Duration, bool) {
	n, ok := number(v)
	if !ok || n <= 0 {
		return 0, false
	}
	n = min(n, maxSeconds)
	return time.Duration(n * float64(time.Second)), true
}

// RunOut reports whether v is a lifetime that has already run out: a
// negative number of seconds, as a JSON number or a numeric string.
func RunOut(v any) bool {
	n, ok := number(v)
	return ok && n < 0
}

// number reads a JSON number or a numeric string; false for anything else
// and for NaN.
func number(v any) (float64, bool) {
	var n float64
	switch x := v.(type) {
	case float64:
		n = x
	case string:
		f, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return 0, false
		}
		n = f
	default:
		return 0, false
	}
	return n, n == n
}
