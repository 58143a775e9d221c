package main

import (
	"encoding/json"
	"io"
	"net/http/httptest"
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
	if code != 0 || strings.TrimSpace(out) != `{"expires_at":null,"format":"opaque","issued_at":null}` {
		t.Errorf("opaque: exit %d %s", code, out)
	}
	if code, _, errOut := runOnce("", "inspect", "007not-base64!"); code != 1 || errOut == "" {
		t.Errorf("malformed: exit %d %q", code, errOut)
	}
}
