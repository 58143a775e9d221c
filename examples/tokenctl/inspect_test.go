package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/tokenserver"
)

// mint fetches one token from the server's route.
func mint(t *testing.T, method, path, body, field string) string {
	t.Helper()
	req := httptest.NewRequest(method, "http://127.0.0.1"+path, strings.NewReader(body))
	rec := httptest.NewRecorder()
	tokenserver.New(tokenserver.Options{TTL: 30 * time.Second}).ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Body)
	if field == "" {
		return strings.TrimSpace(string(b))
	}
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		t.Fatalf("%s: %s", path, b)
	}
	s, _ := obj[field].(string)
	return s
}

func TestInspectJSONOnTokensTheServerMints(t *testing.T) {
	cases := []struct {
		name, method, path, body, field, format string
		life                                    int64
	}{
		{"agora rtc", "POST", "/getToken", `{"tokenType":"rtc","channel":"demo","uid":"1234","expire":90}`, "token", "agora-007", 90},
		{"agora rtm", "GET", "/rtm/alice/", "", "rtmToken", "agora-007", 30},
		{"dolby", "GET", "/token", "", "access_token", "jwt", 30},
		{"text", "GET", "/text", "", "", "jwt", 30},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := time.Now().Unix()
			tok := mint(t, c.method, c.path, c.body, c.field)
			code, out, errOut := runOnce("", "inspect", "--json", tok)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var v map[string]any
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("%q: %v", out, err)
			}
			iat, _ := v["issued_at"].(float64)
			exp, _ := v["expires_at"].(float64)
			if v["format"] != c.format || int64(iat) < before || int64(iat) > time.Now().Unix() || int64(exp) != int64(iat)+c.life {
				t.Errorf("inspect = %s", out)
			}
			if strings.Contains(out, tok[len(tok)-12:]) {
				t.Errorf("the token's tail (signature) was printed: %s", out)
			}
		})
	}
}

func TestInspectReadsStandardInputAndPrintsDetails(t *testing.T) {
	tok := mint(t, "POST", "/getToken", `{"tokenType":"rtc","channel":"demo","uid":"1234","role":"publisher"}`, "token")
	code, out, errOut := runOnce(tok+"\n", "inspect", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"format:", "agora-007", tokenserver.DemoAppID, `channel "demo"`, `uid "1234"`, "join channel:", "publish audio:", "(in "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	jwt := mint(t, "GET", "/text", "", "")
	_, out, _ = runOnce("", "inspect", jwt)
	if !strings.Contains(out, "claim sub:") || !strings.Contains(out, `"demo-user"`) || strings.Contains(out, jwt[strings.LastIndex(jwt, ".")+1:]) {
		t.Errorf("JWT output:\n%s", out)
	}
}

func TestInspectOpaqueAndMalformedTokens(t *testing.T) {
	code, out, _ := runOnce("", "inspect", "--json", "not-a-known-format")
	if code != 0 || strings.TrimSpace(out) != `{"expired":null,"expires_at":null,"format":"opaque","issued_at":null}` {
		t.Errorf("opaque: exit %d %s", code, out)
	}
	if code, _, errOut := runOnce("", "inspect", "007not-base64!"); code != 1 || errOut == "" {
		t.Errorf("malformed: exit %d %q", code, errOut)
	}
}

// jwtExpiring returns an unsigned-looking JWT (the signature is not read)
// issued an hour before exp.
func jwtExpiring(exp time.Time) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		enc(fmt.Appendf(nil, `{"sub":"u1","iat":%d,"exp":%d}`, exp.Add(-time.Hour).Unix(), exp.Unix())) + ".c2lnbmF0dXJl"
}

func TestInspectFlagsAnExpiredTokenInTextJSONAndExitStatus(t *testing.T) {
	old := jwtExpiring(time.Now().Add(-(6*365*24*time.Hour + 342*24*time.Hour + 11*time.Hour)))
	code, out, errOut := runOnce("", "inspect", old)
	if code != exitExpired {
		t.Errorf("expired token: exit %d, want %d; stderr %q", code, exitExpired, errOut)
	}
	if !strings.Contains(out, "expired:      yes") || !strings.Contains(out, "6 years 342 days ago") {
		t.Errorf("expired token, text:\n%s", out)
	}
	code, out, _ = runOnce("", "inspect", "--json", old)
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil || v["expired"] != true || code != exitExpired {
		t.Errorf("expired token, --json: exit %d, %s", code, out)
	}

	fresh := jwtExpiring(time.Now().Add(3*24*time.Hour + 5*time.Hour + 30*time.Second))
	code, out, _ = runOnce("", "inspect", fresh)
	if code != 0 || !strings.Contains(out, "expired:      no") || !strings.Contains(out, "(in 3 days 5 hours)") {
		t.Errorf("fresh token: exit %d, text:\n%s", code, out)
	}
	code, out, _ = runOnce("", "inspect", "--json", fresh)
	v = nil
	if err := json.Unmarshal([]byte(out), &v); err != nil || v["expired"] != false || code != 0 {
		t.Errorf("fresh token, --json: exit %d, %s", code, out)
	}
}

func TestInspectPrintsNoGoDurations(t *testing.T) {
	for _, exp := range []time.Time{time.Now().Add(-2000 * time.Hour), time.Now().Add(90 * time.Minute)} {
		_, out, _ := runOnce("", "inspect", jwtExpiring(exp))
		if goDuration := regexp.MustCompile(`\d+h\d+m|\d+m\d+s`); goDuration.MatchString(out) {
			t.Errorf("a Go duration in the output:\n%s", out)
		}
	}
}

func TestHumanDuration(t *testing.T) {
	const day = 24 * time.Hour
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0 seconds"},
		{400 * time.Millisecond, "0 seconds"},
		{time.Second, "1 second"},
		{59*time.Second + 600*time.Millisecond, "59 seconds"},
		{time.Minute, "1 minute"},
		{4*time.Minute + 20*time.Second, "4 minutes 20 seconds"},
		{time.Hour + 59*time.Second, "1 hour"},
		{23*time.Hour + 59*time.Minute, "23 hours 59 minutes"},
		{day + time.Hour, "1 day 1 hour"},
		{364 * day, "364 days"},
		{365 * day, "1 year"},
		{60779*time.Hour + 26*time.Minute + 8*time.Second, "6 years 342 days"},
		{-(2*day + 3*time.Hour), "2 days 3 hours"},
	} {
		if got := humanDuration(c.d); got != c.want {
			t.Errorf("humanDuration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestInspectReadsATokenAfterABearerPrefix(t *testing.T) {
	tok := jwtExpiring(time.Now().Add(time.Hour))
	for _, in := range []string{"Bearer " + tok, "bearer  " + tok, "Authorization: Bearer " + tok, " " + tok + "\n"} {
		code, out, errOut := runOnce("", "inspect", in)
		if code != 0 || !strings.Contains(out, "format:       jwt") {
			t.Errorf("inspect %q: exit %d, stderr %q, output:\n%s", in, code, errOut, out)
		}
		if strings.Contains(in, "earer") && !strings.Contains(errOut, `"Bearer "`) {
			t.Errorf("inspect %q: stderr %q does not say the prefix was dropped", in, errOut)
		}
		code, out, _ = runOnce(in, "inspect", "--json", "-")
		if code != 0 || !strings.Contains(out, `"format":"jwt"`) {
			t.Errorf("inspect --json - <%q: exit %d, %s", in, code, out)
		}
	}
}

func TestInspectRefusesEmptyInput(t *testing.T) {
	for _, c := range []struct{ stdin, arg string }{{"", ""}, {"", "  "}, {"", "Bearer "}, {"", "-"}, {"\n\n", "-"}} {
		code, out, errOut := runOnce(c.stdin, "inspect", c.arg)
		if code != 2 || out != "" || !strings.Contains(errOut, "no token") {
			t.Errorf("inspect %q <%q: exit %d, stdout %q, stderr %q; want 2 and \"no token\"", c.arg, c.stdin, code, out, errOut)
		}
	}
}
