package urlx

import (
	"net/url"
	"strings"
	"testing"
)

// checkParseURL checks that whatever Parse accepts, url.Parse accepts
// and reads the same way, and that Redact drops user info.
func checkParseURL(t *testing.T, raw string) {
	t.Helper()
	got, ok := Parse(raw)
	if !ok {
		return
	}
	want, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("Parse(%q) accepted what url.Parse refuses: %v", raw, err)
	}
	if got.Scheme != want.Scheme || got.Host != want.Host || got.Path != want.Path || got.RawQuery != want.RawQuery ||
		got.Fragment != want.Fragment || got.User.String() != want.User.String() || got.Hostname() != want.Hostname() {
		t.Fatalf("Parse(%q) = %#v, url.Parse: %#v", raw, got, want)
	}
	if got.String() != want.String() {
		t.Fatalf("Parse(%q).String() = %q, url.Parse: %q", raw, got.String(), want.String())
	}
	// An '@' after the host may end a password written unescaped: Redact
	// drops everything up to it, and what is left need not parse.
	red := Redact(raw)
	ambiguous := strings.Contains(got.EscapedPath()+got.RawQuery+got.RawFragment+got.Fragment, "@")
	if r, err := url.Parse(red); (err != nil || r.User != nil) && !(ambiguous && !strings.Contains(red, "@")) {
		t.Fatalf("Redact(%q) = %q keeps the user info (or broke the URL: %v)", raw, red, err)
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
		if _, ok := Parse(raw); !ok {
			t.Errorf("Parse(%q) refused", raw)
		}
	}
	for _, raw := range []string{"https://h/%zz", "https://h:x/", "https://h /", "https:/h", "https://", "//h/x", "1http://h", "https://h/\x00", "https://[::1/", "https://h" + "\x7f"} {
		if _, ok := Parse(raw); ok {
			t.Errorf("Parse(%q) accepted", raw)
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
		"https://h.example/a@b":                        "https://b",
		"not a url":                                    "not a url",
	} {
		if got := Redact(raw); got != want {
			t.Errorf("Redact(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestRedactURLPasswordWithDelimiters: a password written unescaped with
// '/', '?' or '#' in it ends the authority where net/url sees it, but it
// is still a password: nothing of it, nor the user name, is printed, and
// Userinfo says what was taken for user info.
func TestRedactURLPasswordWithDelimiters(t *testing.T) {
	for raw, want := range map[string]string{
		"https://user:pa/ss-SECRET@host/token":       "https://host/token",
		"https://user:pa?ss-SECRET@host/token":       "https://host/token",
		"https://user:pa#ss-SECRET@host/token":       "https://host/token",
		"https://user:1234/ss-SECRET@host/token?q=1": "https://host/token",
		"https://user:p@ss/w?r#d-SECRET@host:8443/t": "https://host:8443/t",
		"https://u:p@h.example/p?mail=a@b.example":   "https://b.example", // an @ after the host may end a password
		"https://h.example/p#frag@x":                 "https://x",
		"HTTPS://U:P@H.EXAMPLE/P":                    "HTTPS://H.EXAMPLE/P",
	} {
		if got := Redact(raw); got != want {
			t.Errorf("Redact(%q) = %q, want %q", raw, got, want)
		}
	}
	if got := Userinfo("https://user:pa/ss-SECRET@host/token"); got != "user:pa/ss-SECRET" {
		t.Errorf("Userinfo = %q, want user:pa/ss-SECRET", got)
	}
}

func TestQueryValuesAgreesWithNetURL(t *testing.T) {
	for _, raw := range []string{"", "a=1&b=2&a=3", "a=1;b=2&c=3", "x=%zz&y=%20+", "=v&k=&&k2"} {
		want, _ := url.ParseQuery(raw)
		if got := QueryValues(raw); got.Encode() != want.Encode() {
			t.Errorf("QueryValues(%q) = %v, url.ParseQuery: %v", raw, got, want)
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.255.255.254": true, "::1": true, "::ffff:127.0.0.1": true,
		"localhost": true, "LocalHost": true, "tokens.localhost": true,
		"127.999.999.999": false, "127.1": false, "0177.0.0.1": false, "127.000.000.001": false,
		"127.0.0.1.nip.io": false, "localhost.example.com": false, ".localhost": false,
		"10.0.0.1": false, "::": false, "": false, "example.com": false,
	} {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}
