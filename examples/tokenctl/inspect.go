package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
)

// Exit statuses of inspect besides 0 (read, and not expired or of unknown
// expiry), 1 (malformed or unreadable) and 2 (usage, or no token).
const exitExpired = 3 // read, and expired

// runInspect prints what a token carries: format, issue and expiry times,
// whether it has expired, and the format's details. It never prints a
// signature. Its exit status says whether the token has expired.
func runInspect(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, `print one JSON object, with "expired": true, false or null (unknown)`)
	setUsage(fs, `usage: tokenctl inspect [--json] TOKEN   (TOKEN - reads standard input)

Prints what a JWT or Agora token says of itself: format, issue and expiry
times, whether it has expired, and its claims or privileges. The signature is
neither checked nor printed. A "Bearer " prefix (or a whole Authorization
header line) is dropped. Opaque tokens say nothing of their expiry.

Exit status: 0 not expired (or expiry unknown), 1 malformed, 2 usage or no
token, 3 expired.

`)
	if code, ok := parseFlags(fs, args, 1); !ok {
		return code
	}
	tok := fs.Arg(0)
	if tok == "-" {
		b, err := io.ReadAll(io.LimitReader(e.stdin, renewer.MaxTokenLen+1024))
		if err != nil {
			fmt.Fprintln(e.stderr, "tokenctl inspect:", err)
			return 1
		}
		tok = string(b)
	}
	tok, dropped := stripBearer(tok)
	if tok == "" {
		fmt.Fprintln(e.stderr, "tokenctl inspect: no token: give it as the argument, or - and the token on standard input")
		return 2
	}
	if dropped {
		fmt.Fprintln(e.stderr, `tokenctl inspect: reading the token after its "Bearer " prefix`)
	}
	info, err := tokeninfo.Inspect(tok)
	if err != nil {
		fmt.Fprintln(e.stderr, "tokenctl inspect:", err)
		return 1
	}
	now := time.Now()
	if *asJSON {
		b, _ := json.Marshal(inspectJSON(info, now))
		fmt.Fprintf(e.stdout, "%s\n", safeJSON(b))
	} else {
		printInfo(e.stdout, info, now)
	}
	if expired(info, now) {
		return exitExpired
	}
	return 0
}

// stripBearer trims space around tok and drops what is pasted with a token
// from an HTTP request: an "Authorization:" header name and the "Bearer"
// scheme (any case). It reports whether it dropped the scheme.
func stripBearer(tok string) (string, bool) {
	tok = strings.TrimSpace(tok)
	if name, rest, ok := strings.Cut(tok, ":"); ok && strings.EqualFold(strings.TrimSpace(name), "Authorization") {
		tok = strings.TrimSpace(rest)
	}
	scheme, rest, ok := strings.Cut(tok, " ")
	if !ok {
		scheme, rest, ok = strings.Cut(tok, "\t")
	}
	if (ok || tok == scheme) && strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(rest), true
	}
	return tok, false
}

// expired reports whether info's expiry is known and not after now.
func expired(info tokeninfo.Info, now time.Time) bool {
	return !info.ExpiresAt.IsZero() && !info.ExpiresAt.After(now)
}

// unixOrNil returns t in unix seconds, or nil for the zero time.
func unixOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// unixMap turns privilege expiries into unix seconds (0 for "no limit").
func unixMap(m map[uint16]time.Time) map[string]int64 {
	if m == nil {
		return nil
	}
	out := make(map[string]int64, len(m))
	for k, t := range m {
		var v int64
		if !t.IsZero() {
			v = t.Unix()
		}
		out[fmt.Sprint(k)] = v
	}
	return out
}

// inspectJSON is the --json object: format, expires_at, issued_at and
// expired (null when the expiry is unknown), and what else the format
// carries.
func inspectJSON(info tokeninfo.Info, now time.Time) map[string]any {
	out := map[string]any{
		"format":     info.Format,
		"expires_at": unixOrNil(info.ExpiresAt),
		"issued_at":  unixOrNil(info.IssuedAt),
		"expired":    nil,
	}
	if !info.ExpiresAt.IsZero() {
		out["expired"] = expired(info, now)
	}
	if !info.ValidUntil.IsZero() {
		out["valid_until"] = info.ValidUntil.Unix()
	}
	if info.AppID != "" {
		out["app_id"] = info.AppID
	}
	if info.Privileges != nil {
		out["privileges"] = unixMap(info.Privileges)
		out["channel_crc"], out["uid_crc"] = info.ChannelCRC, info.UIDCRC
	}
	if info.Services != nil {
		var svcs []map[string]any
		for _, s := range info.Services {
			svcs = append(svcs, map[string]any{
				"type": s.Type, "name": s.Name, "channel": s.Channel, "uid": s.UID, "user": s.User,
				"privileges": unixMap(s.Privileges),
			})
		}
		out["services"] = svcs
		out["truncated"] = info.Truncated
	}
	if info.Claims != nil {
		out["claims"] = info.Claims
	}
	if info.Header != nil {
		out["header"] = info.Header
	}
	return out
}

// privilegeNames names Agora privileges by service name and id.
var privilegeNames = map[string]map[uint16]string{
	"rtc":   {1: "join channel", 2: "publish audio", 3: "publish video", 4: "publish data"},
	"rtm":   {1: "login"},
	"fpa":   {1: "login"},
	"rtm2":  {1: "login"},
	"chat":  {1: "user", 2: "app"},
	"006":   {1: "join channel", 2: "publish audio", 3: "publish video", 4: "publish data", 1000: "RTM login"},
	"apaas": {1: "room user", 2: "user", 3: "app"},
}

// printInfo prints info for a person, with countdowns from now.
func printInfo(w io.Writer, info tokeninfo.Info, now time.Time) {
	row := func(k, v string) { fmt.Fprintf(w, "%-13s %s\n", k+":", v) }
	row("format", string(info.Format))
	if info.AppID != "" {
		row("app id", safe(info.AppID))
	}
	row("issued at", when(info.IssuedAt, now))
	row("expires at", when(info.ExpiresAt, now))
	if !info.ExpiresAt.IsZero() {
		row("expired", map[bool]string{true: "yes", false: "no"}[expired(info, now)])
	}
	if !info.ValidUntil.IsZero() && !info.ValidUntil.Equal(info.ExpiresAt) {
		row("valid until", when(info.ValidUntil, now))
	}
	if info.Privileges != nil {
		row("channel crc", fmt.Sprint(info.ChannelCRC))
		row("uid crc", fmt.Sprint(info.UIDCRC))
		printPrivileges(w, "006", info.Privileges, now)
	}
	for _, s := range info.Services {
		name := s.Name
		if name == "" {
			name = fmt.Sprintf("type %d", s.Type)
		}
		var who []string
		for _, kv := range [][2]string{{"channel", s.Channel}, {"uid", s.UID}, {"user", s.User}} {
			if kv[1] != "" {
				who = append(who, fmt.Sprintf("%s %q", kv[0], kv[1]))
			}
		}
		row("service", strings.TrimSpace(name+" "+strings.Join(who, " ")))
		printPrivileges(w, s.Name, s.Privileges, now)
	}
	if info.Truncated {
		row("note", "decoding stopped at a service type it does not know")
	}
	if info.Claims != nil {
		keys := make([]string, 0, len(info.Claims))
		for k := range info.Claims {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			b, _ := json.Marshal(info.Claims[k])
			row("claim "+safe(k), string(safeJSON(b)))
		}
	}
	if info.Format == tokeninfo.FormatOpaque {
		row("note", "not a JWT or Agora token: the expiry must come from the server's answer")
	}
}

// printPrivileges prints an Agora privilege map, sorted by id.
func printPrivileges(w io.Writer, service string, m map[uint16]time.Time, now time.Time) {
	ids := make([]uint16, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		name := privilegeNames[service][id]
		if name == "" {
			name = fmt.Sprintf("privilege %d", id)
		}
		v := "no limit of its own"
		if t := m[id]; !t.IsZero() {
			v = when(t, now)
		}
		fmt.Fprintf(w, "  %-22s %s\n", name+":", v)
	}
}

// when formats t with a countdown from now.
func when(t, now time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	s := t.Local().Format("2006-01-02 15:04:05 MST")
	if d := t.Sub(now); d >= 0 {
		return s + " (in " + humanDuration(d) + ")"
	} else {
		return s + " (" + humanDuration(d) + " ago)"
	}
}
