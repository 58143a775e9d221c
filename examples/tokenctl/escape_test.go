package main

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tokenrenew/tokenrenew/internal/tokenserver"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// hostile holds bytes a terminal acts on: ESC (CSI, OSC), BEL, C1 CSI,
// DEL, a right-to-left override, and a byte that is not UTF-8.
const hostile = "\x1b[2J\x1b]0;pwned\x07\u009b31m\x7f\u202e\xff"

// rawControl reports whether s holds any of hostile's bytes raw.
func rawControl(s string) bool {
	return strings.ContainsAny(s, "\x1b\x07\u009b\x7f\u202e") || strings.Contains(s, "\xff")
}

// unsignedJWT builds a JWT with the given header and claims, signature "sig".
func unsignedJWT(t *testing.T, header, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(header) + "." + enc(claims) + ".c2ln"
}

// agoraWithAppID mints a real 007 token and rewrites its app id (same
// length) to id.
func agoraWithAppID(t *testing.T, id string) string {
	t.Helper()
	tok := mint(t, "POST", "/getToken", `{"tokenType":"rtc","channel":"demo","uid":"1","role":"publisher"}`, "token")
	raw, err := base64.StdEncoding.DecodeString(tok[3:])
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	content, _ := io.ReadAll(zr)
	id = (id + strings.Repeat("x", 32))[:32]
	content = bytes.Replace(content, []byte(tokenserver.DemoAppID), []byte(id), 1)
	var b bytes.Buffer
	zw := zlib.NewWriter(&b)
	_, _ = zw.Write(content)
	_ = zw.Close()
	return "007" + base64.StdEncoding.EncodeToString(b.Bytes())
}

// inspect prints what it reads of a token; a token is attacker-supplied
// bytes and must not drive the terminal.
func TestInspectEscapesControlCharacters(t *testing.T) {
	exp := time.Now().Add(time.Hour).Unix()
	for name, tok := range map[string]string{
		"JWT claim names and values": unsignedJWT(t, map[string]any{"alg": "HS256", hostile: hostile},
			map[string]any{"exp": exp, hostile: hostile, "sub": []any{hostile}}),
		"Agora 007 app id": agoraWithAppID(t, hostile),
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runOnce("", "inspect", tok)
			if code != 0 || rawControl(out) || rawControl(errOut) {
				t.Errorf("exit %d, output with raw control characters:\n%q\n%q", code, out, errOut)
			}
			if !strings.Contains(out, `\x1b[2J`) {
				t.Errorf("the escaped form is not shown:\n%s", out)
			}
			code, out, _ = runOnce("", "inspect", "--json", tok)
			var v map[string]any
			if code != 0 || rawControl(out) || json.Unmarshal([]byte(out), &v) != nil {
				t.Errorf("--json: exit %d, %q", code, out)
			}
		})
	}
}

// watch and demo print what the server sends: Room Service's user, the
// server's error message.
func TestEventsEscapeControlCharacters(t *testing.T) {
	tok := renewer.Token{Value: "v", ExpiresAt: time.Now().Add(time.Hour), IssuedAt: time.Now(),
		Extra: map[string]any{"user": hostile, "resources": []any{map[string]any{"reference": hostile}}}}
	err := errors.Join(errors.New(hostile), &renewer.StatusError{StatusCode: 400, Message: hostile})
	for _, asJSON := range []bool{false, true} {
		var b bytes.Buffer
		p := newPrinter(&b, asJSON, false)
		p.RenewToken(tok)
		p.Error(err)
		if rawControl(b.String()) {
			t.Errorf("json %v: raw control characters:\n%q", asJSON, b.String())
		}
		if !asJSON && !strings.Contains(b.String(), `user="\x1b[2J`) {
			t.Errorf("the user is not shown escaped:\n%s", b.String())
		}
	}
}

// watch says what it watches, but not the URL's query or credentials,
// which may carry a secret.
func TestWatchRedactsTheURL(t *testing.T) {
	w := start("watch", "http://alice:hunter2@127.0.0.1:1/token?key=SECRET&channel=lobby#frag")
	line := w.stderr.next(t, 10*time.Second, func(l string) bool { return strings.HasPrefix(l, "watching ") })
	w.stop(t)
	all := w.stderr.String() + w.stdout.String()
	for _, secret := range []string{"SECRET", "hunter2", "alice", "frag"} {
		if strings.Contains(all, secret) {
			t.Errorf("%q printed:\n%s", secret, all)
		}
	}
	if !strings.Contains(line, "127.0.0.1:1/token?") || !strings.Contains(line, "key=REDACTED") {
		t.Errorf("watch line %q", line)
	}
}

// safeJSON keeps JSON valid and its strings equal, and leaves no rune
// raw that is not printable (but tab and newline, which JSON escapes).
func FuzzSafeJSON(f *testing.F) {
	for _, s := range []string{hostile, "plain", "\U000e0001 tag", "\u2028\u2029", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := json.Marshal(map[string]any{s: []string{s}})
		if err != nil {
			t.Skip()
		}
		out := safeJSON(b)
		var a, c any
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(out, &c); err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		if !reflect.DeepEqual(a, c) {
			t.Fatalf("%q decodes to %v, want %v", out, c, a)
		}
		if !utf8.Valid(out) {
			t.Fatalf("%q is not UTF-8", out)
		}
		for _, r := range string(out) {
			if !strconv.IsPrint(r) {
				t.Fatalf("%q holds %U raw", out, r)
			}
		}
	})
}
