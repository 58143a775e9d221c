package renewer

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// checkParseURL checks that whatever parseURL accepts, url.Parse accepts
// and reads the same way, and that redactURL drops user info.
func checkParseURL(t *testing.T, raw string) {
	t.Helper()
	got, ok := parseURL(raw)
	if !ok {
		return
	}
	want, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("parseURL(%q) accepted what url.Parse refuses: %v", raw, err)
	}
	if got.Scheme != want.Scheme || got.Host != want.Host || got.Path != want.Path || got.RawQuery != want.RawQuery ||
		got.Fragment != want.Fragment || got.User.String() != want.User.String() || got.Hostname() != want.Hostname() {
		t.Fatalf("parseURL(%q) = %#v, url.Parse: %#v", raw, got, want)
	}
	if got.String() != want.String() {
		t.Fatalf("parseURL(%q).String() = %q, url.Parse: %q", raw, got.String(), want.String())
	}
	if r, err := url.Parse(redactURL(raw)); err != nil || r.User != nil {
		t.Fatalf("redactURL(%q) = %q keeps the user info (or broke the URL: %v)", raw, redactURL(raw), err)
	}
}

var urlSeeds = []string{
	"https://t.example", "https://t.example/api/", "http://127.0.0.1:8080/x?y=1#f", "https://u:p@h.example:443/a%20b?q",
	"http://[::1]:9000/", "https://h/%zz", "https://h:x/", "https://h /", "https:/h", "https://", "//h/x", "1http://h",
	"HTTPS://H.EXAMPLE/P", "https://h/a/../b", "https://h?x#y", "https://é.example/", "https://h/\x00", "https://[::1/",
	"https://u%40x@h/", "https://a@b@h/", "https://h:/", "https://h/p?a=1&b=2;c",
}

func TestParseURLAgreesWithNetURL(t *testing.T) {
	for _, raw := range urlSeeds {
		checkParseURL(t, raw)
	}
	for _, raw := range []string{"https://t.example", "http://127.0.0.1:8080/x?y=1#f", "https://u:p@h.example:443/a%20b?q", "http://[::1]:9000/", "HTTPS://H.EXAMPLE/P"} {
		if _, ok := parseURL(raw); !ok {
			t.Errorf("parseURL(%q) refused", raw)
		}
	}
	for _, raw := range []string{"https://h/%zz", "https://h:x/", "https://h /", "https:/h", "https://", "//h/x", "1http://h", "https://h/\x00", "https://[::1/", "https://h" + "\x7f"} {
		if _, ok := parseURL(raw); ok {
			t.Errorf("parseURL(%q) accepted", raw)
		}
	}
}

func FuzzParseURL(f *testing.F) {
	for _, s := range urlSeeds {
		f.Add(s)
	}
	f.Fuzz(checkParseURL)
}

func TestRedactURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://u:secret@h.example/p?key=secret#frag": "https://h.example/p",
		"https://u:sec ret@bad host/p":                 "https://bad host/p",
		"https://h.example/a@b":                        "https://h.example/a@b",
		"not a url":                                    "not a url",
	} {
		if got := redactURL(raw); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestQueryValuesAgreesWithNetURL(t *testing.T) {
	for _, raw := range []string{"", "a=1&b=2&a=3", "a=1;b=2&c=3", "x=%zz&y=%20+", "=v&k=&&k2"} {
		want, _ := url.ParseQuery(raw)
		if got := queryValues(raw); got.Encode() != want.Encode() {
			t.Errorf("queryValues(%q) = %v, url.ParseQuery: %v", raw, got, want)
		}
	}
}

func TestInvalidURLError(t *testing.T) {
	err := checkURL("https://u:pw@h /x?key=secret", false)
	if !errors.Is(err, ErrInvalidURL) || !IsPermanent(err) {
		t.Fatalf("checkURL = %v, want a permanent ErrInvalidURL", err)
	}
	if s := err.Error(); strings.Contains(s, "pw") || strings.Contains(s, "secret") || s != `renewer: parse "https://h /x": not an absolute http or https URL` {
		t.Errorf("error text %q", s)
	}
	if _, err := (Agora{Channel: "c"}).NewRequest("relative/path"); !errors.Is(err, ErrInvalidURL) {
		t.Errorf("Agora.NewRequest of a relative URL: %v, want ErrInvalidURL", err)
	}
}
