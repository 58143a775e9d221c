package main

import (
	"encoding/json"
	"math"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/tokenserver"
	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
)

// firstEvent runs watch --json with args against the server and returns the
// first JSON line whose event is name.
func firstEvent(t *testing.T, name string, args ...string) (map[string]any, string) {
	t.Helper()
	w := start(append([]string{"watch", "--json"}, args...)...)
	line := w.stdout.next(t, 15*time.Second, func(l string) bool { return strings.Contains(l, `"event":"`+name+`"`) })
	if code := w.stop(t); code != 0 {
		t.Errorf("watch exit %d; stderr: %s", code, w.stderr.String())
	}
	var ev map[string]any
	if err := json.Unmarshal([]byte(line), &ev); err != nil {
		t.Fatalf("line %q: %v", line, err)
	}
	if _, err := time.Parse(time.RFC3339, ev["time"].(string)); err != nil {
		t.Errorf("time %v: %v", ev["time"], err)
	}
	return ev, w.stdout.String()
}

func TestWatchWorksWithEveryProfile(t *testing.T) {
	ts := httptest.NewServer(tokenserver.New(tokenserver.Options{TTL: 30 * time.Second}))
	defer ts.Close()
	u := ts.URL
	cases := []struct {
		name   string
		args   []string
		source string // expected expiry source
		life   time.Duration
		extra  map[string]string
	}{
		{"agora", []string{"--profile", "agora", "--channel", "demo", "--uid", "1234", u}, "token", 30 * time.Second, nil},
		{"agora with a requested expiry", []string{"--profile", "agora", "--channel", "demo", "--uid", "alice", "--expiry", "1m", u}, "token", time.Minute, nil},
		{"agora legacy", []string{"--profile", "agora", "--legacy", "--channel", "my room", "--uid", "1234", "--role", "subscriber", u}, "token", 30 * time.Second, nil},
		{"agora legacy rte", []string{"--profile", "agora", "--legacy", "--token-type", "rte", "--channel", "demo", "--uid", "7", u}, "token", 30 * time.Second, map[string]string{"rtmToken": "REDACTED"}},
		{"agora rtm", []string{"--profile", "agora", "--token-type", "rtm", "--uid", "alice", u}, "token", 30 * time.Second, nil},
		{"dolby", []string{"--profile", "dolby", u + "/token"}, "response or token", 30 * time.Second, nil},
		{"dolby by POST", []string{"--profile", "dolby", "--method", "POST", u + "/api/token-generator"}, "response or token", 30 * time.Second, nil},
		{"roomservice", []string{"--profile", "roomservice", "--room", "lobby", "--document", "default", u + "/auth"}, "token", 30 * time.Second, map[string]string{"user": "demo-user"}},
		{"json", []string{"--profile", "json", u + "/json"}, "response", 30 * time.Second, nil},
		{"text", []string{"--profile", "text", u + "/text"}, "token", 30 * time.Second, nil},
		{"detection of JSON", []string{u + "/json"}, "response", 30 * time.Second, nil},
		{"detection of text", []string{u + "/text"}, "token", 30 * time.Second, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := time.Now()
			ev, _ := firstEvent(t, "renew_token", append([]string{"--show-token"}, c.args...)...)
			tok, _ := ev["token"].(string)
			info, err := tokeninfo.Inspect(tok)
			if err != nil || info.ExpiresAt.IsZero() {
				t.Fatalf("Inspect: %v %v", info, err)
			}
			got := int64(ev["expires_at"].(float64))
			if want := info.ExpiresAt.Unix(); math.Abs(float64(got-want)) > 1 || (c.source == "token" && got != want) {
				t.Errorf("expires_at = %d, the token says %d", got, want)
			}
			if got < before.Add(c.life).Unix()-1 || got > time.Now().Add(c.life).Unix()+1 {
				t.Errorf("expires_at = %d, want about %v from now", got, c.life)
			}
			// The earliest expiry said wins: Dolby's expires_in, counted from
			// the request, and the JWT's exp, in whole seconds, agree to
			// within a second, and either may be the earlier.
			if src, _ := ev["expiry_source"].(string); src == "" || !strings.Contains(c.source, src) {
				t.Errorf("expiry_source = %v, want %s", ev["expiry_source"], c.source)
			}
			extra, _ := ev["extra"].(map[string]any)
			for k, v := range c.extra {
				if extra[k] != v {
					t.Errorf("extra[%s] = %v, want %s", k, extra[k], v)
				}
			}
		})
	}
}

func TestWatchNeverPrintsTheTokenUnlessAsked(t *testing.T) {
	ts := httptest.NewServer(tokenserver.New(tokenserver.Options{TTL: 30 * time.Second}))
	defer ts.Close()
	for _, json := range []bool{true, false} {
		args := []string{"watch", "--profile", "agora", "--legacy", "--token-type", "rte", "--channel", "c", "--uid", "1", ts.URL}
		if json {
			args = append(args, "--json")
		}
		w := start(args...)
		w.stdout.next(t, 15*time.Second, func(l string) bool { return strings.Contains(l, "renew_token") })
		w.stop(t)
		if out := w.stdout.String() + w.stderr.String(); strings.Contains(out, "007") {
			t.Errorf("json %v: a token was printed:\n%s", json, out)
		}
	}
}

func TestWatchReportsAWebhookRefusalAsPermanent(t *testing.T) {
	ts := httptest.NewServer(tokenserver.New(tokenserver.Options{}))
	defer ts.Close()
	ev, _ := firstEvent(t, "error", "--profile", "roomservice", "--room", "lobby", "--header", "X-Demo-Deny=1", ts.URL+"/auth")
	if ev["permanent"] != true || ev["code"] != "unauthorized" || ev["status"] != float64(401) || ev["error"] == "" {
		t.Errorf("error event = %v", ev)
	}
}

func TestWatchReportsATransientFailureAndRetries(t *testing.T) {
	s := tokenserver.New(tokenserver.Options{})
	s.FailNext(1, 503)
	ts2 := httptest.NewServer(s)
	defer ts2.Close()
	w := start("watch", "--json", "--profile", "dolby", ts2.URL+"/token")
	errLine := w.stdout.next(t, 15*time.Second, func(l string) bool { return strings.Contains(l, `"event":"error"`) })
	w.stdout.next(t, 15*time.Second, func(l string) bool { return strings.Contains(l, `"event":"renew_token"`) })
	w.stop(t)
	var ev map[string]any
	_ = json.Unmarshal([]byte(errLine), &ev)
	if ev["permanent"] != false || ev["code"] != "http_status" || ev["status"] != float64(503) {
		t.Errorf("error event = %v", ev)
	}
}

func TestWatchSaysWhichFlagAllowsPlainHTTP(t *testing.T) {
	code, _, errOut := runOnce("", "watch", "http://tokens.example/t")
	if code != 2 || !strings.Contains(errOut, "plain http is allowed only for a loopback token server") ||
		!strings.Contains(errOut, "--insecure") || strings.Contains(errOut, "AllowInsecureHTTP") {
		t.Errorf("watch of a plain http URL: exit %d, stderr %q; want 2, naming --insecure and no Go field", code, errOut)
	}
}

func TestWatchPrintsASummaryWhenStopped(t *testing.T) {
	ts := httptest.NewServer(tokenserver.New(tokenserver.Options{TTL: 30 * time.Second}))
	defer ts.Close()
	w := start("watch", "--profile", "dolby", ts.URL+"/token")
	w.stdout.next(t, 15*time.Second, func(l string) bool { return strings.Contains(l, "renew_token") })
	if code := w.stop(t); code != 0 {
		t.Errorf("watch exit %d", code)
	}
	// One token by the time it stops, unless the machine is slow enough to
	// reach the 15 s renewal; no failure.
	if out := w.stdout.String(); !regexp.MustCompile(`\d\d  stopped after \d+ seconds?: (1 token|\d+ tokens), 0 failed fetches\n$`).MatchString(out) {
		t.Errorf("no summary:\n%s", out)
	}

	w = start("watch", "--json", "--profile", "dolby", ts.URL+"/token")
	w.stdout.next(t, 15*time.Second, func(l string) bool { return strings.Contains(l, "renew_token") })
	w.stop(t)
	lines := strings.Split(strings.TrimSpace(w.stdout.String()), "\n")
	var ev map[string]any
	err := json.Unmarshal([]byte(lines[len(lines)-1]), &ev)
	if renewals, _ := ev["renewals"].(float64); err != nil || ev["event"] != "stopped" || renewals < 1 || ev["failures"] != float64(0) {
		t.Errorf("last --json line %q, want a stopped event with the counts", lines[len(lines)-1])
	}
}
