package renewer

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestTokenNeverPrintsItsValue(t *testing.T) {
	tok := Token{Value: "s3cr3t-token-value", ExpiresAt: time.Unix(1e9, 0), ExpirySource: ExpiryToken}
	cfg := Config{URL: "https://x.example/t?key=q", Seed: tok, Header: map[string]string{"Authorization": "Bearer hdr-secret"}}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3v"} {
		for _, v := range []any{tok, &tok, cfg, &cfg, []Token{tok}, map[string]Token{"a": tok}, struct{ T Token }{tok}} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, "s3cr3t") || strings.Contains(out, "hdr-secret") || strings.Contains(out, "key=q") {
				t.Errorf("Sprintf(%q, %T) = %s", verb, v, out)
			}
		}
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("t", "token", tok, "cfg", cfg)
	if strings.Contains(buf.String(), "s3cr3t") {
		t.Errorf("slog output %s", buf.String())
	}
	if s := tok.String(); !strings.Contains(s, "18 bytes") || !strings.Contains(s, "from token") {
		t.Errorf("String() = %q; want the length and expiry source", s)
	}
}

func TestCheckValue(t *testing.T) {
	for v, ok := range map[string]bool{
		"abc.DEF-_~+/=":                    true,
		"":                                 false,
		"has space":                        false,
		"tab\t":                            false,
		"nul\x00":                          false,
		"é":                                false,
		strings.Repeat("a", MaxTokenLen):   true,
		strings.Repeat("a", MaxTokenLen+1): false,
	} {
		if err := checkValue(v); (err == nil) != ok {
			t.Errorf("checkValue(%.20q) = %v", v, err)
		}
	}
}

func TestExpirySourceString(t *testing.T) {
	if ExpiryFallback.String() != "fallback" || ExpirySource(99).String() != "ExpirySource(99)" {
		t.Error(ExpiryFallback.String(), ExpirySource(99).String())
	}
}

func TestTokenIsNeverGobOrTextEncodedWithItsValue(t *testing.T) {
	tok := Token{Value: "SECRET-value", ExpiresAt: time.Unix(100, 0)}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(tok); err == nil {
		t.Error("gob encoded a Token")
	}
	if strings.Contains(buf.String(), "SECRET") {
		t.Errorf("gob wrote the value: %q", buf.String())
	}
	if b, _ := tok.MarshalText(); strings.Contains(string(b), "SECRET") {
		t.Errorf("MarshalText = %s", b)
	}
}

func TestCurrentNeverWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		src.block = make(chan struct{})
		r := start(t, Config{Source: src})
		if tok, ok := r.Current(); ok || tok.Value != "" {
			t.Errorf("Current() before any token = %v, %v", tok, ok)
		}
		close(src.block)
		want, _ := r.Token(context.Background())
		if tok, ok := r.Current(); !ok || tok.Value != want.Value {
			t.Errorf("Current() = %v, %v; want the token", tok, ok)
		}
	})
}

func TestExpirySourceTextRoundTrip(t *testing.T) {
	for s := ExpiryUnknown; s <= ExpiryFallback; s++ {
		var got ExpirySource
		if err := got.UnmarshalText([]byte(s.String())); err != nil || got != s {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", s, got, err, s)
		}
	}
	var s ExpirySource
	if err := s.UnmarshalText([]byte("sundial")); err == nil {
		t.Error("an unknown name was taken")
	}
}
