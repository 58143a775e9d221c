package scrub

import (
	"strings"
	"testing"
)

func TestTextReplacesEverySecretAndItsEscapes(t *testing.T) {
	s := New([]string{"Bearer abcdefgh12345678", "a/b?c=d&e", "xy"})
	for _, in := range []string{
		"auth Bearer abcdefgh12345678 sent",
		"token abcdefgh12345678 alone", // a piece of a value
		`q="a\/b?c=d&e"`,               // JSON's escape
		"u=a%2Fb%3Fc%3Dd%26e",          // a URL query's
	} {
		if got := s.Text(in); strings.Contains(got, "abcdefgh12345678") || strings.Contains(got, "a/b?c") ||
			strings.Contains(got, `a\/b`) || strings.Contains(got, "a%2Fb") || !strings.Contains(got, Redacted) {
			t.Errorf("Text(%q) = %q", in, got)
		}
	}
	if got := s.Text("xy is short"); got != "xy is short" {
		t.Errorf("a secret of 2 bytes was scrubbed: %q", got)
	}
}

func TestZeroSetRemovesNothingAndAllWithholdsAll(t *testing.T) {
	if got := (Set{}).Text("secret"); got != "secret" {
		t.Errorf("zero Set: %q", got)
	}
	if got := All().Text("anything"); got != Redacted {
		t.Errorf("All: %q", got)
	}
	if got := All().Text(""); got != "" {
		t.Errorf("All of empty text: %q", got)
	}
}

func TestWithJSONSecretsCopies(t *testing.T) {
	base := New([]string{"configured-secret"})
	c := base.WithJSONSecrets([]byte(`{"data":{"access_token":"tok-0123456789"},"name":"visible-name"}`))
	if got := c.Text("tok-0123456789 configured-secret visible-name"); got != Redacted+" "+Redacted+" visible-name" {
		t.Errorf("copy: %q", got)
	}
	if got := base.Text("tok-0123456789"); got != "tok-0123456789" {
		t.Errorf("WithJSONSecrets changed the Set it was called on: %q", got)
	}
	if c := base.WithJSONSecrets([]byte("not json")); c.Text("configured-secret") != Redacted {
		t.Errorf("a body that is not JSON lost the Set's own secrets")
	}
}

func TestMessageScrubsAfterUnescapingAndBeforeCutting(t *testing.T) {
	s := New([]string{"tok/0123456789"})
	if got := s.Message(`bad token tok\/01234\u00356\n789`, 200); strings.Contains(got, "0123") || !strings.Contains(got, Redacted) {
		t.Errorf("Message = %q", got)
	}
	if got := s.Message("abc tok/0123456789", 8); strings.Contains(got, "tok") {
		t.Errorf("a cut left a piece of a secret: %q", got)
	}
}
