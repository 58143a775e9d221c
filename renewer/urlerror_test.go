package renewer

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/tokenrenew/tokenrenew/internal/httpsource"
	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

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
		out.WriteString(newScrubber(httpsource.Secrets(raw, u, nil)).Text("dial " + raw + " and " + urlx.Userinfo(raw)))
		if s := out.String(); strings.Contains(s, "SECRET") || strings.Contains(s, "user") {
			t.Errorf("%s: the user info shows in %s", raw, s)
		}
	}
}
