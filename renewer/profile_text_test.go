package renewer

import (
	"errors"
	"testing"
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
	_, _, err := fetchProfile(t, Text{}, &Response{StatusCode: 200, Body: []byte("two words")})
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
