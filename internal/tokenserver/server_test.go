package tokenserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// call makes one request to h and returns the status, headers and body.
func call(t *testing.T, h http.Handler, method, target, body string, header map[string]string) (int, http.Header, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Host = "127.0.0.1:8080"
	for k, v := range header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, rec.Header(), string(b)
}

func TestEveryRouteMintsATokenWithTheExpectedLifetime(t *testing.T) {
	s := New(Options{TTL: 30 * time.Second})
	cases := []struct {
		name, method, target, body, field string
		format                            tokeninfo.Format
		life                              time.Duration
	}{
		{"agora POST with the default lifetime", "POST", "/getToken", `{"tokenType":"rtc","channel":"demo","role":"publisher","uid":"1234"}`, "token", tokeninfo.FormatAgora007, 30 * time.Second},
		{"agora POST with a requested lifetime", "POST", "/getToken", `{"tokenType":"rtc","channel":"demo","uid":"alice","expire":600}`, "token", tokeninfo.FormatAgora007, 600 * time.Second},
		{"agora POST rtm", "POST", "/getToken", `{"tokenType":"rtm","uid":"alice","expire":60}`, "token", tokeninfo.FormatAgora007, time.Minute},
		{"agora POST chat", "POST", "/getToken", `{"tokenType":"chat"}`, "token", tokeninfo.FormatAgora007, 30 * time.Second},
		{"agora legacy rtc", "GET", "/rtc/demo/publisher/uid/1234/?expiry=90", "", "rtcToken", tokeninfo.FormatAgora007, 90 * time.Second},
		{"agora legacy rtc with an escaped channel", "GET", "/rtc/my%20room%2F1/subscriber/userAccount/alice/", "", "rtcToken", tokeninfo.FormatAgora007, 30 * time.Second},
		{"agora legacy rtm", "GET", "/rtm/alice/", "", "rtmToken", tokeninfo.FormatAgora007, 30 * time.Second},
		{"agora legacy rte", "GET", "/rte/demo/publisher/uid/1234/", "", "rtcToken", tokeninfo.FormatAgora007, 30 * time.Second},
		{"agora legacy rte with an rtm user", "GET", "/rte/demo/publisher/uid/1234/alice/", "", "rtmToken", tokeninfo.FormatAgora007, 30 * time.Second},
		{"agora legacy chat", "GET", "/chat/account/alice/", "", "chatToken", tokeninfo.FormatAgora007, 30 * time.Second},
		{"dolby GET", "GET", "/token", "", "access_token", tokeninfo.FormatJWT, 30 * time.Second},
		{"dolby POST at the Netlify path", "POST", "/.netlify/functions/token-generator", "{}", "access_token", tokeninfo.FormatJWT, 30 * time.Second},
		{"room service webhook", "POST", "/auth", `{"resources":[{"object":"room","reference":"lobby","permission":"join"}]}`, "token", tokeninfo.FormatJWT, 30 * time.Second},
		{"generic JSON", "GET", "/json", "", "token", tokeninfo.FormatJWT, 30 * time.Second},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := time.Now().Truncate(time.Second)
			code, _, body := call(t, s, c.method, c.target, c.body, nil)
			if code != 200 {
				t.Fatalf("status %d: %s", code, body)
			}
			var obj map[string]any
			if err := json.Unmarshal([]byte(body), &obj); err != nil {
				t.Fatal(err)
			}
			tok, _ := obj[c.field].(string)
			checkToken(t, tok, c.format, before, c.life)
		})
	}
	t.Run("plain text", func(t *testing.T) {
		before := time.Now().Truncate(time.Second)
		code, h, body := call(t, s, "GET", "/text", "", nil)
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
			t.Fatalf("status %d, %v", code, h)
		}
		checkToken(t, strings.TrimSpace(body), tokeninfo.FormatJWT, before, 30*time.Second)
	})
}

// checkToken checks tok's format and that it expires life after it was
// issued, at or after before.
func checkToken(t *testing.T, tok string, format tokeninfo.Format, before time.Time, life time.Duration) {
	t.Helper()
	info, err := tokeninfo.Inspect(tok)
	if err != nil || info.Format != format {
		t.Fatalf("Inspect = %v, %v; want %s", info.Format, err, format)
	}
	if info.IssuedAt.Before(before) || info.IssuedAt.After(time.Now()) || !info.ExpiresAt.Equal(info.IssuedAt.Add(life)) {
		t.Errorf("issued %v expires %v, want %v after an issue time not before %v", info.IssuedAt, info.ExpiresAt, life, before)
	}
}

func TestWebhookAnswerHasUserAndResourcesWithIDs(t *testing.T) {
	body := `{"resources":[{"object":"document","reference":"default","permission":"read_write","room":"lobby"},{"object":"room","reference":"lobby","permission":"join"}]}`
	_, _, out := call(t, New(Options{}), "POST", "/auth", body, nil)
	var a struct {
		User      string         `json:"user"`
		Resources []roomResource `json:"resources"`
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if a.User != "demo-user" || len(a.Resources) != 2 || a.Resources[1].ID == "" || a.Resources[1].Reference != "lobby" {
		t.Errorf("answer = %s", out)
	}
}

func TestWebhookRefusesWhenAsked(t *testing.T) {
	s := New(Options{})
	body := `{"resources":[{"object":"room","reference":"lobby","permission":"join"}]}`
	for name, h := range map[string]map[string]string{
		"by header": {"X-Demo-Deny": "1"},
		"by cookie": {"Cookie": "session=a; demo_deny=1"},
	} {
		if code, _, _ := call(t, s, "POST", "/auth", body, h); code != 401 {
			t.Errorf("%s: status %d, want 401", name, code)
		}
	}
	s.SetDeny(true)
	if code, _, _ := call(t, s, "POST", "/auth", body, nil); code != 401 {
		t.Errorf("SetDeny(true): status %d, want 401", code)
	}
	s.SetDeny(false)
	if code, _, _ := call(t, s, "POST", "/auth", body, nil); code != 200 {
		t.Errorf("SetDeny(false): status %d, want 200", code)
	}
}

func TestAgoraErrorsHaveTheServiceShapes(t *testing.T) {
	s := New(Options{})
	cases := []struct {
		name, method, target, body string
		code                       int
		ctype, text                string
	}{
		{"missing channel", "POST", "/getToken", `{"tokenType":"rtc","uid":"1"}`, 400, "text/plain", "invalid: missing channel name"},
		{"unknown type", "POST", "/getToken", `{"tokenType":"video"}`, 400, "text/plain", "Unsupported tokenType"},
		{"not JSON", "POST", "/getToken", `not json`, 400, "text/plain", "invalid character"},
		{"bad token kind", "GET", "/rtc/c/publisher/bogus/1/", "", 400, "application/json", "Unknown Tokentype: bogus"},
		{"rtm uid 0", "GET", "/rtm/0/", "", 400, "application/json", `invalid RTM User ID`},
		{"negative expiry", "GET", "/rtc/c/publisher/uid/1/?expiry=-5", "", 400, "application/json", "failed to parse expireTime"},
		{"legacy route without its slash", "GET", "/rtc/c/publisher/uid/1", "", 301, "", ""},
		{"GET of getToken", "GET", "/getToken", "", 405, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, h, body := call(t, s, c.method, c.target, c.body, nil)
			if code != c.code || !strings.HasPrefix(h.Get("Content-Type"), c.ctype) || !strings.Contains(body, c.text) {
				t.Errorf("got %d %q %q", code, h.Get("Content-Type"), body)
			}
			if code == 301 && h.Get("Location") != "/rtc/c/publisher/uid/1/" {
				t.Errorf("Location = %q", h.Get("Location"))
			}
		})
	}
}

func TestCORS(t *testing.T) {
	any := New(Options{})
	code, h, _ := call(t, any, "OPTIONS", "/getToken", "", map[string]string{"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"})
	if code != 204 || h.Get("Access-Control-Allow-Origin") != "http://localhost:3000" ||
		h.Get("Access-Control-Allow-Methods") != "GET, POST, OPTIONS" || !strings.Contains(h.Get("Access-Control-Allow-Headers"), "Content-Type") {
		t.Errorf("preflight: %d %v", code, h)
	}
	if h.Get("Access-Control-Max-Age") != "86400" {
		t.Errorf("preflight Access-Control-Max-Age = %q; want 86400, so a page does not preflight every renewal", h.Get("Access-Control-Max-Age"))
	}
	_, h, _ = call(t, any, "POST", "/auth", `{"resources":[{"object":"room","reference":"r","permission":"join"}]}`, map[string]string{"Origin": "http://localhost:3000"})
	if h.Get("Access-Control-Expose-Headers") != "Date, Retry-After" {
		t.Errorf("Access-Control-Expose-Headers = %q; want Date and Retry-After exposed", h.Get("Access-Control-Expose-Headers"))
	}
	if h.Get("Access-Control-Allow-Credentials") != "true" {
		t.Errorf("webhook answer without credentials: %v", h)
	}
	listed := New(Options{CORSOrigin: "http://a.test, http://b.test"})
	code, _, body := call(t, listed, "GET", "/ping", "", map[string]string{"Origin": "http://c.test"})
	if code != 403 || strings.TrimSpace(body) != `{"error":"Origin not allowed"}` {
		t.Errorf("foreign origin: %d %s", code, body)
	}
	code, h, _ = call(t, listed, "GET", "/ping", "", map[string]string{"Origin": "http://b.test"})
	if code != 200 || h.Get("Access-Control-Allow-Origin") != "http://b.test" {
		t.Errorf("listed origin: %d %v", code, h)
	}
}

func TestFailuresAndCountersForTests(t *testing.T) {
	s := New(Options{})
	s.FailNext(2, 503)
	for i, want := range []int{503, 503, 200} {
		code, h, _ := call(t, s, "GET", "/token", "", nil)
		if code != want {
			t.Errorf("request %d: status %d, want %d", i, code, want)
		}
		if code == 503 && h.Get("Retry-After") != "1" {
			t.Errorf("503 without Retry-After")
		}
	}
	call(t, s, "GET", "/ping", "", nil)
	if st := s.Stats(); st.Total != 3 || st.Routes["dolby"] != 3 || s.Count("dolby") != 3 {
		t.Errorf("stats = %+v", st)
	}
	if code, _, _ := call(t, s, "POST", "/_control/fail?n=1&status=429", "", nil); code != 204 {
		t.Fatalf("control fail: %d", code)
	}
	if code, _, _ := call(t, s, "GET", "/json", "", nil); code != 429 {
		t.Errorf("after control fail: %d, want 429", code)
	}
	call(t, s, "POST", "/_control/deny?on=1", "", nil)
	if code, _, _ := call(t, s, "POST", "/auth", `{"resources":[{"object":"room","reference":"r","permission":"join"}]}`, nil); code != 401 {
		t.Errorf("after control deny: %d, want 401", code)
	}
	_, _, body := call(t, s, "GET", "/_control/stats", "", nil)
	if !strings.Contains(body, `"total":5`) {
		t.Errorf("stats = %s", body)
	}
	if code, _, _ := call(t, s, "POST", "/_control/fail?n=x", "", nil); code != 400 {
		t.Errorf("bad control request: %d", code)
	}
}

func TestTokensAreNeverRepeated(t *testing.T) {
	s := New(Options{})
	seen := map[string]bool{}
	for range 20 {
		_, _, body := call(t, s, "GET", "/text", "", nil)
		if seen[body] {
			t.Fatal("the same token twice")
		}
		seen[body] = true
	}
}

func TestOnTokenSeesEachTokenRequestWithItsFault(t *testing.T) {
	var got []string
	s := New(Options{
		Script:  Script{{FromRequest: 1, ToRequest: 1, Fault: Fault{Status: 503, RetryAfter: 2 * time.Second}}},
		OnToken: func(r *http.Request, f Fault) { got = append(got, r.URL.Path+" "+Rule{Fault: f}.String()) },
	})
	call(t, s, "GET", "/json", "", nil)
	call(t, s, "GET", "/ping", "", nil)
	call(t, s, "OPTIONS", "/json", "", nil)
	s.FailNext(1, 429)
	call(t, s, "GET", "/text", "", nil)
	call(t, s, "GET", "/text", "", nil)
	want := []string{"/json always status 503 retry-after 2s", "/text always status 429 retry-after 1s", "/text always ok"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("OnToken saw %q, want %q", got, want)
	}
}
