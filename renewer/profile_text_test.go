package renewer

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestTextReturnsTheTrimmedBody(t *testing.T) {
	g, err := Text{}.Parse(&Response{StatusCode: 200, Body: []byte("  eyJ.a.b\r\n")})
	if err != nil || g.Value != "eyJ.a.b" {
		t.Fatalf("Parse = %q, %v", g.Value, err)
	}
	if _, err := (Text{}).Parse(&Response{StatusCode: 200, Body: []byte(" \n")}); !errors.Is(err, ErrNoToken) {
		t.Fatalf("Parse of white space: %v, want ErrNoToken", err)
	}
	req, _ := Text{Method: "POST", Body: []byte("x")}.NewRequest("https://x/t")
	if req.Method != "POST" || string(req.Body) != "x" {
		t.Errorf("request = %+v", req)
	}
}

func TestTextRejectsBodiesThatCannotBeTokens(t *testing.T) {
	src, err := newHTTPSource(Config{URL: "http://127.0.0.1:1", Profile: Text{}, Transport: cannedTransport("two words")}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Fetch(context.Background())
	if !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("err = %v, want ErrInvalidToken", err)
	}
}

func FuzzTextParse(f *testing.F) {
	f.Add([]byte("token\n"))
	f.Add([]byte(""))
	f.Add([]byte(" two words "))
	f.Add([]byte("tok\x00en"))
	f.Fuzz(checkText)
}

// cannedTransport answers every request 200 with its text as the body.
type cannedTransport string

func (c cannedTransport) RoundTrip(context.Context, *Request) (*Response, error) {
	return &Response{StatusCode: 200, Header: map[string]string{}, Body: []byte(c)}, nil
}

// secretProfile answers with a token and a second, secret one, as Agora's
// "rte" answer does.
type secretProfile struct{ secret string }

func (p secretProfile) NewRequest(endpoint string) (*Request, error) {
	return &Request{Method: "GET", URL: endpoint}, nil
}

func (p secretProfile) Parse(*Response) (Grant, error) {
	return Grant{Value: "main-token", Extra: map[string]any{"second": Secret(p.secret)}}, nil
}

// TestASecretExtraIsCheckedAsATokenIs: a second token a profile keeps must
// be one too.
func TestASecretExtraIsCheckedAsATokenIs(t *testing.T) {
	for secret, ok := range map[string]bool{"second-token": true, "b c": false, "": false} {
		src, err := newHTTPSource(Config{URL: "http://127.0.0.1:1", Profile: secretProfile{secret}, Transport: cannedTransport("x")}, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		_, err = src.Fetch(context.Background())
		if (err == nil) != ok || (!ok && !errors.Is(err, ErrInvalidToken) && !errors.Is(err, ErrNoToken)) {
			t.Errorf("a secret extra %q: err = %v, want ok=%v", secret, err, ok)
		}
	}
}
