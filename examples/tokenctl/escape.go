package main

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Server- and token-supplied text (JWT claims, an Agora app id, Room
// Service's user, a server's error message) reaches the terminal only
// through safe or safeJSON, so that no byte of it moves the cursor, clears
// the screen, retitles the window or reorders the line.

// safe returns s as it is when every rune of it is printable, and else
// quoted with Go's escapes (strconv.Quote): "\x1b[2J", "\u202e", "\xff".
func safe(s string) string {
	for _, r := range s {
		if r == utf8.RuneError || !strconv.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

// safeJSON escapes, in JSON text from encoding/json, the runes a terminal
// may act on that encoding/json leaves raw: DEL, the C1 controls and every
// other rune that is not printable (format characters such as U+202E).
// encoding/json has already escaped the C0 controls and replaced invalid
// UTF-8; such runes occur only inside strings, where \uXXXX is valid.
func safeJSON(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] < utf8.RuneSelf && b[i] != 0x7f {
		i++
	}
	if i == len(b) {
		return b
	}
	out := append(make([]byte, 0, len(b)+16), b[:i]...)
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r == '\t' || r == '\n' || strconv.IsPrint(r) {
			out = append(out, b[i:i+n]...)
		} else if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			out = appendU(appendU(out, r1), r2)
		} else {
			out = appendU(out, r)
		}
		i += n
	}
	return out
}

// appendU appends the JSON escape \uXXXX of r, which is at most 0xFFFF.
func appendU(b []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
}

// redactURL returns raw for display without what may be a credential: the
// user information, the fragment, and every query value (names are kept).
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(a URL that does not parse)"
	}
	if u.User != nil {
		u.User = url.User("REDACTED")
	}
	u.Fragment, u.RawFragment = "", ""
	if u.RawQuery != "" {
		q := u.Query()
		names := make([]string, 0, len(q))
		for k := range q {
			names = append(names, k)
		}
		sort.Strings(names)
		parts := make([]string, 0, len(names))
		for _, k := range names {
			parts = append(parts, url.QueryEscape(k)+"=REDACTED")
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	return safe(u.String())
}
