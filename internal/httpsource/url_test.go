package httpsource

import (
	"errors"
	"strings"
	"testing"

	"github.com/tokenrenew/tokenrenew/internal/permanent"
	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

func TestInvalidURLError(t *testing.T) {
	_, err := CheckURL("https://u:pw@h /x?key=secret", false)
	if !errors.Is(err, urlx.ErrInvalid) || !permanent.Marked(err) {
		t.Fatalf("CheckURL = %v, want a permanent ErrInvalidURL", err)
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
		_, err := CheckURL(c.raw, false)
		if !errors.Is(err, urlx.ErrInvalid) || !permanent.Marked(err) {
			t.Errorf("CheckURL(%q) = %v, want a permanent ErrInvalidURL", c.raw, err)
			continue
		}
		if s := err.Error(); s != c.want || strings.Contains(s, "pw") || strings.Contains(s, "secret") {
			t.Errorf("CheckURL(%q) = %q, want %q", c.raw, s, c.want)
		}
	}
}

func TestInsecureURLErrorNamesNoFaceOption(t *testing.T) {
	_, err := CheckURL("http://tokens.example/t", false)
	if !errors.Is(err, ErrInsecureURL) || !permanent.Marked(err) || err.Error() != "renewer: token server URL must use https (plain http is allowed only for a loopback token server)" {
		t.Errorf("CheckURL of plain http = %v; want ErrInsecureURL naming no option of any face", err)
	}
}
