package mobile

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestTokensRedactThemselvesInEveryMarshalledForm: json, xml, slog
// and fmt of a Token and a StoredToken, value and pointer, write neither
// the value nor the secrets.
func TestTokensRedactThemselvesInEveryMarshalledForm(t *testing.T) {
	exp := time.Now().Add(time.Hour).UnixMilli()
	tok := &Token{Value: "tok-" + secretMark, ExpiresAtMs: exp, ExpirySource: "response",
		ExtraJSON: `{"user":"alice"}`, SecretsJSON: `{"rtmToken":"rtm-` + secretMark + `"}`}
	st := &StoredToken{Value: "stored-" + secretMark, ExpiresAtMs: exp, Key: "k",
		ExtraJSON: `{"user":"alice"}`, SecretsJSON: `{"rtmToken":"rtm-` + secretMark + `"}`}
	var out bytes.Buffer
	for name, v := range map[string]any{"Token": *tok, "*Token": tok, "StoredToken": *st, "*StoredToken": st} {
		b, err := json.Marshal(v)
		fmt.Fprintf(&out, "%s json %s %v\n", name, b, err)
		b, err = json.Marshal(map[string]any{"t": v, "l": []any{v}})
		fmt.Fprintf(&out, "%s json nested %s %v\n", name, b, err)
		b, err = xml.Marshal(v)
		fmt.Fprintf(&out, "%s xml %s %v\n", name, b, err)
		slog.New(slog.NewJSONHandler(&out, nil)).Info(name, "v", v)
		slog.New(slog.NewTextHandler(&out, nil)).Info(name, "v", v)
		for _, verb := range secrecyVerbs {
			fmt.Fprintf(&out, "%s "+verb+"\n", name, v)
		}
	}
	if s := out.String(); strings.Contains(s, secretMark) {
		t.Errorf("a secret shows:\n%s", s)
	}
	if !strings.Contains(out.String(), "REDACTED") {
		t.Errorf("nothing says it was redacted:\n%s", out.String())
	}
}
