package renewer

import (
	"errors"
	"strings"
	"testing"
)

func TestInvalidURLError(t *testing.T) {
	err := checkURL("https://u:pw@h /x?key=secret", false)
	if !errors.Is(err, ErrInvalidURL) || !IsPermanent(err) {
		t.Fatalf("checkURL = %v, want a permanent ErrInvalidURL", err)
	}
	if s := err.Error(); strings.Contains(s, "pw") || strings.Contains(s, "secret") || s != `renewer: parse "https://h /x": not an absolute http or https URL` {
		t.Errorf("error text %q", s)
	}
}

func TestInsecureURLErrorNamesNoFaceOption(t *testing.T) {
	err := checkURL("http://tokens.example/t", false)
	if !errors.Is(err, ErrInsecureURL) || err.Error() != "renewer: token server URL must use https (plain http is allowed only for a loopback token server)" {
		t.Errorf("checkURL of plain http = %v; want ErrInsecureURL naming no option of any face", err)
	}
}
