package agora_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/agora"
	"github.com/tokenrenew/tokenrenew/renewer/renewertest"
)

// A 007 token minted by agora-token-service for
// POST /getToken {"tokenType":"rtc","channel":"test","role":"publisher","uid":"1234","expire":600}.
const agoraServiceToken = "007eJxSYDic3hHucyFJu0fj3PLd6Yd+HT90n2cN180U66Lk3u819+YrMFiaGzg7GpumpJoZJJuYmJmYJiUlplokGhmaGpgZJhkbL+Vmzo5gYmDIP6LGwMjAyMDCwMgA4jOBSWYwyQIlS1KLS1gYDI2MTQABAAD//04rIQg="

func TestAgoraDescribesTheRequest(t *testing.T) {
	cases := []struct {
		name     string
		p        agora.Profile
		endpoint string
		method   string
		url      string
		body     string
	}{
		{"an rtc token is a POST to getToken with the JSON body",
			agora.Profile{Channel: "test", UID: "1234", Expiry: 600 * time.Second}, "https://t.example",
			"POST", "https://t.example/getToken",
			`{"tokenType":"rtc","channel":"test","role":"publisher","uid":"1234","expire":600}`},
		{"a base path with a trailing slash gets one getToken",
			agora.Profile{Channel: "c", UID: "alice", Role: "subscriber"}, "https://t.example/api/",
			"POST", "https://t.example/api/getToken",
			`{"tokenType":"rtc","channel":"c","role":"subscriber","uid":"alice"}`},
		{"an endpoint that already names getToken is kept",
			agora.Profile{Channel: "c"}, "https://t.example/getToken",
			"POST", "https://t.example/getToken",
			`{"tokenType":"rtc","channel":"c","role":"publisher","uid":"0"}`},
		{"an rtm token sends no role",
			agora.Profile{TokenType: "rtm", UID: "alice", Expiry: 1500 * time.Millisecond}, "https://t.example",
			"POST", "https://t.example/getToken",
			`{"tokenType":"rtm","uid":"alice","expire":2}`},
		{"a chat app token sends no uid",
			agora.Profile{TokenType: "chat"}, "https://t.example",
			"POST", "https://t.example/getToken", `{"tokenType":"chat"}`},
		{"legacy rtc with a numeric uid ends in a slash",
			agora.Profile{Channel: "test", UID: "1234", Expiry: 600 * time.Second, Legacy: true}, "https://t.example",
			"GET", "https://t.example/rtc/test/publisher/uid/1234/?expiry=600", ""},
		{"legacy rtc with an account says userAccount and escapes the segments",
			agora.Profile{Channel: "my room/1", UID: "al?ce", Role: "subscriber", Legacy: true}, "https://t.example/base/",
			"GET", "https://t.example/base/rtc/my%20room%2F1/subscriber/userAccount/al%3Fce/", ""},
		{"legacy rtc with no uid asks for uid 0",
			agora.Profile{Channel: "c", Legacy: true}, "http://127.0.0.1:8080",
			"GET", "http://127.0.0.1:8080/rtc/c/publisher/uid/0/", ""},
		{"legacy rtm",
			agora.Profile{TokenType: "rtm", UID: "alice", Expiry: time.Minute, Legacy: true}, "https://t.example",
			"GET", "https://t.example/rtm/alice/?expiry=60", ""},
		{"legacy rte",
			agora.Profile{TokenType: "rte", Channel: "c", UID: "42", Legacy: true}, "https://t.example",
			"GET", "https://t.example/rte/c/publisher/uid/42/", ""},
		{"legacy chat app",
			agora.Profile{TokenType: "chat", Legacy: true}, "https://t.example",
			"GET", "https://t.example/chat/app/", ""},
		{"legacy chat account",
			agora.Profile{TokenType: "chat", UID: "bob", Legacy: true}, "https://t.example",
			"GET", "https://t.example/chat/account/bob/", ""},
		{"legacy chat sends the requested expiry",
			agora.Profile{TokenType: "chat", UID: "bob", Expiry: time.Hour, Legacy: true}, "https://t.example",
			"GET", "https://t.example/chat/account/bob/?expiry=3600", ""},
		{"legacy chat app token sends the requested expiry",
			agora.Profile{TokenType: "chat", Expiry: 90 * time.Second, Legacy: true}, "https://t.example",
			"GET", "https://t.example/chat/app/?expiry=90", ""},
		{"a role in another case is sent as the service spells it",
			agora.Profile{Channel: "c", Role: "Publisher"}, "https://t.example",
			"POST", "https://t.example/getToken", `{"tokenType":"rtc","channel":"c","role":"publisher","uid":"0"}`},
		{"a legacy role in another case is sent as the service spells it",
			agora.Profile{Channel: "c", Role: "SUBSCRIBER", Legacy: true}, "https://t.example",
			"GET", "https://t.example/rtc/c/subscriber/uid/0/", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := c.p.NewRequest(c.endpoint)
			if err != nil {
				t.Fatal(err)
			}
			if req.Method != c.method || req.URL != c.url || string(req.Body) != c.body {
				t.Errorf("request = %s %s %s\nwant      %s %s %s", req.Method, req.URL, req.Body, c.method, c.url, c.body)
			}
			if c.method == "POST" && req.Header["Content-Type"] != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", req.Header["Content-Type"])
			}
		})
	}
}

func TestAgoraRefusesRequestsTheServiceWouldRefuse(t *testing.T) {
	for _, p := range []agora.Profile{
		{},
		{TokenType: "rtm"},
		{TokenType: "rtm", UID: "0"},
		{TokenType: "rte", Channel: "c"},
		{TokenType: "video", Channel: "c"},
		{Channel: "c", Expiry: -time.Second},
	} {
		if _, err := p.NewRequest("https://t.example"); err == nil {
			t.Errorf("%+v.NewRequest succeeded, want an error", p)
		}
	}
	if _, err := (agora.Profile{Channel: "c"}).NewRequest("not a url"); err == nil {
		t.Error("NewRequest of a relative URL succeeded")
	}
}

func TestAgoraParsesTheServiceAnswers(t *testing.T) {
	cases := []struct {
		name    string
		p       agora.Profile
		body    string
		value   string
		ttl     time.Duration
		rtm     bool
		wantErr error
	}{
		{"the getToken answer", agora.Profile{Channel: "test"}, `{"token":"` + agoraServiceToken + `"}` + "\n", agoraServiceToken, 24 * time.Hour, false, nil},
		{"the requested expiry is the default", agora.Profile{Channel: "test", Expiry: 90 * time.Second}, `{"token":"007abc"}`, "007abc", 90 * time.Second, false, nil},
		{"the legacy rtc answer", agora.Profile{Channel: "c", Legacy: true}, `{"rtcToken":"007rtc"}`, "007rtc", 24 * time.Hour, false, nil},
		{"the legacy rtm answer", agora.Profile{TokenType: "rtm", UID: "a", Legacy: true}, `{"rtmToken":"007rtm"}`, "007rtm", 24 * time.Hour, false, nil},
		{"the legacy chat answer", agora.Profile{TokenType: "chat", Legacy: true}, `{"chatToken":"007chat"}`, "007chat", 24 * time.Hour, false, nil},
		{"the legacy rte answer keeps the rtm token aside", agora.Profile{TokenType: "rte", Channel: "c", Legacy: true}, `{"rtcToken":"007rtc","rtmToken":"007rtm"}`, "007rtc", 24 * time.Hour, true, nil},
		{"no token", agora.Profile{Channel: "c"}, `{"message":"pong"}`, "", 0, false, renewer.ErrNoToken},
		{"an empty token", agora.Profile{Channel: "c"}, `{"token":""}`, "", 0, false, renewer.ErrNoToken},
		{"the wrong legacy field", agora.Profile{Channel: "c", Legacy: true}, `{"rtmToken":"x"}`, "", 0, false, renewer.ErrNoToken},
		{"a token that is not a string", agora.Profile{Channel: "c"}, `{"token":7}`, "", 0, false, renewer.ErrMalformedResponse},
		{"not JSON", agora.Profile{Channel: "c"}, `invalid: missing channel name`, "", 0, false, renewer.ErrMalformedResponse},
		{"a JSON list", agora.Profile{Channel: "c"}, `["007"]`, "", 0, false, renewer.ErrMalformedResponse},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := c.p.Parse(&renewer.Response{StatusCode: 200, Body: []byte(c.body)})
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g.Value != c.value || g.DefaultTTL != c.ttl {
				t.Errorf("grant = %q ttl %v, want %q ttl %v", g.Value, g.DefaultTTL, c.value, c.ttl)
			}
			sec, ok := g.Extra["rtmToken"].(renewer.Secret)
			if ok != c.rtm || (ok && string(sec) != "007rtm") {
				t.Errorf("Extra = %v, want rtm token kept: %v", g.Extra, c.rtm)
			}
		})
	}
}

func TestSecretNeverPrintsItself(t *testing.T) {
	s := renewer.Secret("007-very-secret")
	var b strings.Builder
	js, _ := json.Marshal(map[string]any{"rtmToken": s})
	fmt.Fprintf(&b, "%v %s %q %#v %x %d ", s, s, s, s, s, s)
	b.Write(js)
	txt, _ := s.MarshalText()
	b.Write(txt)
	b.WriteString(s.String() + s.GoString())
	slog.New(slog.NewTextHandler(&b, nil)).Info("x", "s", s)
	slog.New(slog.NewJSONHandler(&b, nil)).Info("x", "s", s)
	if strings.Contains(b.String(), "very-secret") {
		t.Fatalf("a secret was printed: %s", b.String())
	}
}

func TestAgoraServiceErrorsBecomeTypedErrors(t *testing.T) {
	cases := []struct {
		name   string
		resp   renewer.Response
		is     error
		status int
		msg    string
	}{
		{"a 400 in plain text", renewer.Response{StatusCode: 400, Header: map[string]string{"content-type": "text/plain; charset=utf-8"}, Body: []byte("invalid: missing channel name\n")},
			nil, 400, "invalid: missing channel name"},
		{"a legacy 400 in JSON", renewer.Response{StatusCode: 400, Header: map[string]string{"content-type": "application/json; charset=utf-8"}, Body: []byte(`{"message":"Error Generating RTM token: invalid RTM User ID: \"0\"","status":400}`)},
			nil, 400, `Error Generating RTM token: invalid RTM User ID: "0"`},
		{"a 403 for a foreign origin", renewer.Response{StatusCode: 403, Header: map[string]string{"content-type": "application/json"}, Body: []byte(`{"error":"Origin not allowed"}`)},
			renewer.ErrOriginNotAllowed, 403, "Origin not allowed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := renewertest.Fetch(agora.Profile{Channel: "c"}, &c.resp)
			var se *renewer.StatusError
			if !errors.As(err, &se) || se.StatusCode != c.status || se.Message != c.msg {
				t.Fatalf("err = %v, want a StatusError %d %q", err, c.status, c.msg)
			}
			if !renewer.IsPermanent(err) {
				t.Errorf("IsPermanent(%v) = false, want true", err)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("err = %v, want errors.Is %v", err, c.is)
			}
		})
	}
}

func TestAgoraTokenWithoutReadableExpiryUsesTheProfileDefault(t *testing.T) {
	before := time.Now()
	tok, req, err := renewertest.Fetch(agora.Profile{Channel: "c", Expiry: 2 * time.Hour}, &renewer.Response{StatusCode: 200, Body: []byte(`{"token":"opaque-token"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != "POST" || !strings.HasSuffix(req.URL, "/getToken") {
		t.Errorf("request = %s %s", req.Method, req.URL)
	}
	if tok.ExpirySource != renewer.ExpiryProfile || tok.ExpiresAt.Before(before.Add(2*time.Hour)) || tok.ExpiresAt.After(time.Now().Add(2*time.Hour)) {
		t.Errorf("token = %v, want expiry 2 h from the profile", tok)
	}
}
