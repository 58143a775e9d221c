package renewer

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

func TestInvalidURLError(t *testing.T) {
	_, err := checkURL("https://u:pw@h /x?key=secret", false)
	if !errors.Is(err, ErrInvalidURL) || !IsPermanent(err) {
		t.Fatalf("checkURL = %v, want a permanent ErrInvalidURL", err)
	}
	if s := err.Error(); strings.Contains(s, "pw") || strings.Contains(s, "secret") || s != `renewer: parse "https://h /x": does not parse as a URL` {
		t.Errorf("error text %q", s)
	}
}

func TestInvalidURLErrorSaysWhichRuleTheURLBroke(t *testing.T) {
	cases := []struct{ raw, want string }{
		{"https://u:pw@h/%zz?key=secret", `renewer: parse "https://h/%zz": does not parse as a URL`},
		{"HTTP://h:port/t", `renewer: parse "HTTP://h:port/t": does not parse as a URL`},
		{"ftp://h/t", `renewer: parse "ftp://h/t": not an absolute http or https URL`},
		{"/token", `renewer: parse "/token": not an absolute http or https URL`},
	}
	for _, c := range cases {
		_, err := checkURL(c.raw, false)
		if !errors.Is(err, ErrInvalidURL) || !IsPermanent(err) {
			t.Errorf("checkURL(%q) = %v, want a permanent ErrInvalidURL", c.raw, err)
			continue
		}
		if s := err.Error(); s != c.want || strings.Contains(s, "pw") || strings.Contains(s, "secret") {
			t.Errorf("checkURL(%q) = %q, want %q", c.raw, s, c.want)
		}
	}
}

func TestInsecureURLErrorNamesNoFaceOption(t *testing.T) {
	_, err := checkURL("http://tokens.example/t", false)
	if !errors.Is(err, ErrInsecureURL) || err.Error() != "renewer: token server URL must use https (plain http is allowed only for a loopback token server)" {
		t.Errorf("checkURL of plain http = %v; want ErrInsecureURL naming no option of any face", err)
	}
}

// TestURLPasswordWithDelimitersIsNeverPrinted: a password written with
// '/', '?' or '#' unescaped reaches neither New's error, nor Config's
// formatting, nor an error a server's echo of it makes.
func TestURLPasswordWithDelimitersIsNeverPrinted(t *testing.T) {
	for _, raw := range []string{
		"https://user:pa/ss-SECRET@host/token",
		"https://user:pa?ss-SECRET@host/token",
		"https://user:pa#ss-SECRET@host/token",
		"https://user:1234/ss-SECRET@host.example/token",
	} {
		cfg := Config{URL: raw}
		_, err := New(cfg)
		var out strings.Builder
		if err != nil {
			out.WriteString(err.Error())
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out.WriteString(fmt.Sprintf(verb, cfg))
			out.WriteString(fmt.Sprintf(verb, &cfg))
		}
		b, _ := json.Marshal(cfg)
		out.Write(b)
		u, _ := urlx.Parse(raw)
		out.WriteString(newScrubber(configSecrets(raw, u, nil)).text("dial " + raw + " and " + urlx.Userinfo(raw)))
		if s := out.String(); strings.Contains(s, "SECRET") || strings.Contains(s, "user") {
			t.Errorf("%s: the user info shows in %s", raw, s)
		}
	}
}
