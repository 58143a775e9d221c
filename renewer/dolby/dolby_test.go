package dolby_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/dolby"
	"github.com/tokenrenew/tokenrenew/renewer/renewertest"
)

func TestDolbyDescribesTheRequest(t *testing.T) {
	for _, c := range []struct{ method, want string }{{"", "GET"}, {"get", "GET"}, {"POST", "POST"}} {
		req, err := dolby.Profile{Method: c.method}.NewRequest("https://x.netlify.app/.netlify/functions/token-generator")
		if err != nil {
			t.Fatal(err)
		}
		if req.Method != c.want || req.URL != "https://x.netlify.app/.netlify/functions/token-generator" || req.Body != nil {
			t.Errorf("Method %q: request = %s %s %q", c.method, req.Method, req.URL, req.Body)
		}
	}
	if _, err := (dolby.Profile{Method: "PUT"}).NewRequest("https://x"); err == nil {
		t.Error("a PUT request was accepted")
	}
}

func TestDolbyParsesTheTokenFunctionAnswers(t *testing.T) {
	cases := []struct {
		name    string
		body    string
		value   string
		in      time.Duration
		wantErr error
	}{
		{"the Netlify sample answer", `{"access_token":"eyJ.a.b","refresh_token":"long-lived-secret","expires_in":3600}`, "eyJ.a.b", time.Hour, nil},
		{"the REST answer with a token type", `{"token_type":"Bearer","access_token":"eyJ.a.b","expires_in":86400}`, "eyJ.a.b", 24 * time.Hour, nil},
		{"the Lambda sample without a lifetime", `{"access_token":"eyJ.a.b","refresh_token":"r"}`, "eyJ.a.b", 0, nil},
		{"the camel-case spelling", `{"accessToken":"eyJ.c.d","expiresIn":"120"}`, "eyJ.c.d", 2 * time.Minute, nil},
		{"a refresh token alone", `{"refresh_token":"r"}`, "", 0, renewer.ErrNoToken},
		{"an empty token", `{"access_token":""}`, "", 0, renewer.ErrNoToken},
		{"a token that is not a string", `{"access_token":{"v":1}}`, "", 0, renewer.ErrMalformedResponse},
		{"not JSON", `<html>`, "", 0, renewer.ErrMalformedResponse},
		{"a negative lifetime", `{"access_token":"eyJ.a.b","expires_in":-60}`, "", 0, renewer.ErrAlreadyExpired},
		{"a lifetime of zero", `{"access_token":"eyJ.a.b","expires_in":0}`, "eyJ.a.b", 0, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := dolby.Profile{}.Parse(&renewer.Response{StatusCode: 200, Body: []byte(c.body)})
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g.Value != c.value || g.ExpiresIn != c.in || g.DefaultTTL != time.Hour {
				t.Errorf("grant = %q in %v default %v, want %q in %v default 1h", g.Value, g.ExpiresIn, g.DefaultTTL, c.value, c.in)
			}
			if strings.Contains(fmt.Sprintf("%T%+v", g, g), "long-lived") || len(g.Extra) != 0 {
				t.Errorf("the refresh token was kept: %+v", g.Extra)
			}
		})
	}
}

func TestDolbyLifetimeCountsFromTheRequest(t *testing.T) {
	before := time.Now()
	tok, _, err := renewertest.Fetch(dolby.Profile{}, &renewer.Response{StatusCode: 200, Body: []byte(`{"access_token":"opaque","refresh_token":"r","expires_in":600}`)})
	if err != nil {
		t.Fatal(err)
	}
	if tok.ExpirySource != renewer.ExpiryResponse || tok.ExpiresAt.Before(before.Add(600*time.Second)) || tok.ExpiresAt.After(time.Now().Add(600*time.Second)) {
		t.Errorf("token = %v, want 600 s from the response", tok)
	}
	if len(tok.Extra) != 0 {
		t.Errorf("Extra = %v, want nothing kept", tok.Extra)
	}
}

func TestDolbyFailureIsATransientStatusError(t *testing.T) {
	_, _, err := renewertest.Fetch(dolby.Profile{}, &renewer.Response{StatusCode: 500, Body: []byte(`{"error":"Unexpected error"}`)})
	var se *renewer.StatusError
	if !errors.As(err, &se) || se.StatusCode != 500 || se.Message != "Unexpected error" || renewer.IsPermanent(err) {
		t.Fatalf("err = %v, want a transient 500 with the message", err)
	}
}

// TestDolbyEarliestExpiryWins: a cached expires_in of an hour beside a JWT
// expiring in 20 s is not believed: the earliest expiry said wins, here the
// token's own.
func TestDolbyEarliestExpiryWins(t *testing.T) {
	now := time.Now()
	claims := `{"iat":` + strconv.FormatInt(now.Unix(), 10) + `,"exp":` + strconv.FormatInt(now.Add(20*time.Second).Unix(), 10) + `}`
	jwt := "eyJhbGciOiJIUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".c2ln"
	tr := renewertest.NewTransport(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, `{"access_token":"`+jwt+`","expires_in":3600}`)
	}))
	r, err := renewer.New(renewer.Config{URL: renewertest.URL + "/token", Profile: dolby.Profile{}, Transport: tr})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer func() { r.Stop(); <-r.Done() }()
	tok, err := r.Token(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if left := time.Until(tok.ExpiresAt); tok.ExpirySource != renewer.ExpiryToken || left > 21*time.Second {
		t.Errorf("the token expires in %v from %v; want about 20s from the token", left, tok.ExpirySource)
	}
}
