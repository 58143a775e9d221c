package roomservice_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/renewertest"
	"github.com/tokenrenew/tokenrenew/renewer/roomservice"
)

func TestRoomServiceDescribesTheRequest(t *testing.T) {
	cases := []struct {
		name string
		p    roomservice.Profile
		body string
	}{
		{"a room alone", roomservice.Profile{Room: "lobby"},
			`{"resources":[{"object":"room","reference":"lobby","permission":"join"}]}`},
		{"a room and a document, as the official client asks", roomservice.Profile{Room: "lobby", Document: "default"},
			`{"resources":[{"object":"document","reference":"default","permission":"read_write","room":"lobby"},{"object":"room","reference":"lobby","permission":"join"}]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := c.p.NewRequest("https://app.example/api/roomservice")
			if err != nil {
				t.Fatal(err)
			}
			if req.Method != "POST" || req.URL != "https://app.example/api/roomservice" || string(req.Body) != c.body {
				t.Errorf("request = %s %s %s", req.Method, req.URL, req.Body)
			}
			if req.Header["Content-Type"] != "application/json" || req.Credentials != "include" {
				t.Errorf("headers %v credentials %q", req.Header, req.Credentials)
			}
		})
	}
	if _, err := (roomservice.Profile{}).NewRequest("https://x"); err == nil {
		t.Error("a request without a room was accepted")
	}
}

const roomServiceAnswer = `{"user":"alice","resources":[{"id":"r_1","object":"room","reference":"lobby","permission":"join"}],"token":"rs-session-token"}`

func TestRoomServiceParsesTheWebhookAnswers(t *testing.T) {
	cases := []struct {
		name      string
		body      string
		user      any
		resources int
		wantErr   error
	}{
		{"the provision answer", roomServiceAnswer, "alice", 1, nil},
		{"a token alone", `{"token":"t"}`, nil, 0, nil},
		{"the provision refusal forwarded with 200", `{"body":"Unauthorized"}`, nil, 0, renewer.ErrUnauthorized},
		{"no token", `{"user":"alice","resources":[]}`, nil, 0, renewer.ErrNoToken},
		{"null", `null`, nil, 0, renewer.ErrNoToken},
		{"a token that is not a string", `{"token":true}`, nil, 0, renewer.ErrMalformedResponse},
		{"resources that are not a list", `{"token":"t","resources":{}}`, nil, 0, renewer.ErrMalformedResponse},
		{"not JSON", `Unauthorized`, nil, 0, renewer.ErrMalformedResponse},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := roomservice.Profile{Room: "lobby"}.Parse(&renewer.Response{StatusCode: 200, Body: []byte(c.body)})
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			res, _ := g.Extra["resources"].([]any)
			if g.Value == "" || g.Extra["user"] != c.user || len(res) != c.resources || g.DefaultTTL != 6*time.Hour {
				t.Errorf("grant = %+v", g)
			}
		})
	}
}

func TestRoomServiceRefusalsArePermanentAndExplained(t *testing.T) {
	_, _, err := renewertest.Fetch(roomservice.Profile{Room: "lobby"}, &renewer.Response{StatusCode: 200, Body: []byte(`{"body":"Unauthorized"}`)})
	if !errors.Is(err, renewer.ErrUnauthorized) || !renewer.IsPermanent(err) || !strings.Contains(err.Error(), "API key") {
		t.Fatalf("err = %v, want a permanent ErrUnauthorized naming the API key", err)
	}
	_, _, err = renewertest.Fetch(roomservice.Profile{Room: "lobby"}, &renewer.Response{StatusCode: 401, Body: []byte(`Unauthorized`)})
	if !errors.Is(err, renewer.ErrUnauthorized) || !renewer.IsPermanent(err) {
		t.Fatalf("err = %v, want a permanent ErrUnauthorized", err)
	}
}

func TestRoomServiceTokenLivesSixHoursAndKeepsUserAndResources(t *testing.T) {
	before := time.Now()
	tok, _, err := renewertest.Fetch(roomservice.Profile{Room: "lobby"}, &renewer.Response{StatusCode: 200, Body: []byte(roomServiceAnswer)})
	if err != nil {
		t.Fatal(err)
	}
	if tok.ExpirySource != renewer.ExpiryProfile || tok.ExpiresAt.Before(before.Add(6*time.Hour)) || tok.ExpiresAt.After(time.Now().Add(6*time.Hour)) {
		t.Errorf("token = %v, want 6 h from the profile", tok)
	}
	res, _ := tok.Extra["resources"].([]any)
	r0, _ := res[0].(map[string]any)
	if tok.Extra["user"] != "alice" || r0["id"] != "r_1" {
		t.Errorf("Extra = %v", tok.Extra)
	}
}
