package renewer

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestNewRefusesAHeaderNoTransportCouldSend(t *testing.T) {
	const secret = "s3cr3t-key"
	cases := []struct {
		name   string
		header map[string]string
		named  string // the header the error must name
	}{
		{"a name with a space", map[string]string{"Bad Header": secret}, `"Bad Header"`},
		{"an empty name", map[string]string{"": secret}, `""`},
		{"a name with a colon", map[string]string{"X-Key:": secret}, `"X-Key:"`},
		{"a name beyond ASCII", map[string]string{"X-Clé": secret}, `"X-Clé"`},
		{"a value with a curly quote", map[string]string{"X-Api-Key": secret + "\u2019"}, `"X-Api-Key"`},
		{"a value with a Latin-1 letter", map[string]string{"X-Api-Key": secret + "é"}, `"X-Api-Key"`},
		{"a value with a line break", map[string]string{"Authorization": "Bearer " + secret + "\r\nX-Evil: 1"}, `"Authorization"`},
		{"a value with a NUL", map[string]string{"Cookie": "sid=" + secret + "\x00"}, `"Cookie"`},
		{"a value with DEL", map[string]string{"Cookie": "sid=" + secret + "\x7f"}, `"Cookie"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := New(Config{URL: "https://tokens.example/t", Header: c.header})
			if !errors.Is(err, ErrInvalidHeader) {
				t.Fatalf("New = %v; want ErrInvalidHeader", err)
			}
			if !IsPermanent(err) || Code(err) != "invalid_header" {
				t.Errorf("permanent %v, code %q; want permanent, invalid_header", IsPermanent(err), Code(err))
			}
			if !strings.Contains(err.Error(), "header "+c.named) {
				t.Errorf("error %q does not name the header %s", err, c.named)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q holds the header's value", err)
			}
		})
	}
}

// badHeaderProfile adds a header its settings made unsendable.
type badHeaderProfile struct{ Profile }

func (p badHeaderProfile) NewRequest(endpoint string) (*Request, error) {
	req, err := p.Profile.NewRequest(endpoint)
	if err == nil {
		req.Header = map[string]string{"X-Room": "caf\u00e9"}
	}
	return req, err
}

func TestNewRefusesAHeaderTheProfileAdds(t *testing.T) {
	_, err := New(Config{URL: "https://tokens.example/t", Profile: badHeaderProfile{Detect{}}})
	if !errors.Is(err, ErrInvalidHeader) || !strings.Contains(err.Error(), `"X-Room"`) || strings.Contains(err.Error(), "caf") {
		t.Errorf("New = %v; want ErrInvalidHeader naming X-Room without its value", err)
	}
}

func TestHTTPEverySendableHeaderReachesTheServer(t *testing.T) {
	header := map[string]string{
		"X-Api-Key":             "a b\tc !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~",
		"!#$%&'*+-.^_`|~09azAZ": "every token character in the name",
		"Authorization":         "Bearer x",
		"X-Empty":               "",
	}
	got := map[string]string{}
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		for k := range header {
			got[k] = r.Header.Get(k)
		}
		io.WriteString(w, `{"access_token":"abc.def","expires_in":120}`)
	})
	if _, err := fetchOnce(t, Config{URL: srv.URL, Header: header}); err != nil {
		t.Fatalf("fetch with sendable headers: %v", err)
	}
	for k, v := range header {
		// A server reads a value without the white space around it.
		if want := strings.TrimSpace(v); got[k] != want {
			t.Errorf("server read %s: %q; want %q", k, got[k], want)
		}
	}
}
