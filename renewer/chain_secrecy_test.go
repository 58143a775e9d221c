//go:build !js

package renewer_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// quotingErr is an app's error that quotes a token in a field and wraps
// another error.
type quotingErr struct {
	tok string
	err error
}

func (e *quotingErr) Error() string { return "fetch failed" } // the top reads clean
func (e *quotingErr) Unwrap() error { return e.err }

// chainText prints every level of err's chain with every verb.
func chainText(err error) string {
	var b strings.Builder
	walkChain(err, func(e error) {
		for _, verb := range secrecyVerbs {
			fmt.Fprintf(&b, verb+"\n", e)
		}
	})
	return b.String()
}

// TestSecrecyNoSecretAtAnyDepthOfTheChain: what Refresh returns and what
// the Listener and Stats are given hold no token at any level of their
// chain, whatever the Source's error wraps, while errors.Is, Code and
// IsPermanent still see what it said.
func TestSecrecyNoSecretAtAnyDepthOfTheChain(t *testing.T) {
	const cur = "CUR-" + secretMark + "-token"
	errMine := errors.New("the app's own sentinel")
	src := renewer.SourceFunc(func(context.Context) (renewer.Token, error) {
		inner := fmt.Errorf("token %s refused: %w", cur, errMine)
		return renewer.Token{}, renewer.Permanent(fmt.Errorf("renewing: %w", &quotingErr{tok: cur,
			err: errors.Join(inner, &renewer.StatusError{StatusCode: 401, Message: "bad " + cur})}))
	})
	errs := make(chan error, 8)
	r, refreshErr := startRefresh(t, renewer.Config{Source: src,
		Seed:     renewer.Token{Value: cur, ExpiresAt: time.Now().Add(time.Hour)},
		Listener: renewer.ListenerFuncs{OnError: func(err error) { errs <- err }}})
	var listenerErr error
	select {
	case listenerErr = <-errs:
	case <-time.After(10 * time.Second): // a safety bound, to catch a hang
		t.Fatal("no Listener.Error")
	}
	for what, err := range map[string]error{"Refresh": refreshErr, "Listener.Error": listenerErr, "Stats().LastError": r.Stats().LastError} {
		if text := chainText(err); strings.Contains(text, secretMark) {
			t.Errorf("%s: a level of the chain holds the token:\n%s", what, text)
		}
		var qe *quotingErr
		if errors.As(err, &qe) {
			t.Errorf("%s: errors.As finds the app's original error, token and all", what)
		}
		var se *renewer.StatusError
		if !errors.As(err, &se) || se.StatusCode != 401 || strings.Contains(se.Message, secretMark) {
			t.Errorf("%s: StatusError %+v, want a scrubbed copy of the 401", what, se)
		}
		if !errors.Is(err, renewer.ErrUnauthorized) || !errors.Is(err, errMine) || !renewer.IsPermanent(err) || renewer.Code(err) != "unauthorized" {
			t.Errorf("%s: %v lost what it said: Is(ErrUnauthorized) %v, Is(the app's sentinel) %v, IsPermanent %v, Code %q",
				what, err, errors.Is(err, renewer.ErrUnauthorized), errors.Is(err, errMine), renewer.IsPermanent(err), renewer.Code(err))
		}
	}
}

// TestSecrecyServerEchoesNoSecretIntoTheChain: whatever a server echoes
// (a malformed status line that net/http quotes, an error body), no level
// of the error's chain holds a configured header value or the URL's query.
func TestSecrecyServerEchoesNoSecretIntoTheChain(t *testing.T) {
	srv := echoServer(t)
	for _, path := range []string{"/echo-text", "/echo-json", "/echo-origin", "/echo-header"} {
		t.Run(path, func(t *testing.T) {
			_, err := startRefresh(t, renewer.Config{
				URL:            srv.URL + path + "?key=qry-" + secretMark + "-credential",
				Header:         map[string]string{"Authorization": "Bearer " + secrecyHeader + ` "quoted"`},
				RequestTimeout: time.Second,
			})
			if err == nil {
				t.Fatal("Refresh succeeded")
			}
			if text := chainText(err); strings.Contains(text, secretMark) {
				t.Errorf("a level of the chain holds a secret:\n%s", text)
			}
		})
	}
}

// TestSecrecyEscapedTokenInAnErrorBody: a token the server quotes with JSON
// escapes ("\/") in a text error body, a token nested in a JSON error body
// over 4 KiB, and a token split by a control byte do not survive into
// StatusError.Message.
func TestSecrecyEscapedTokenInAnErrorBody(t *testing.T) {
	const held = "007eJx" + secretMark + "/abc+def/ghi"
	escaped := strings.ReplaceAll(held, "/", `\/`)
	for name, body := range map[string]string{
		"escaped in text":   `invalid token "` + escaped + `"`,
		"escaped in JSON":   `{"error":"invalid token \"` + strings.ReplaceAll(escaped, `\`, `\\`) + `\""}`,
		"nested over 4 KiB": `{"detail":{"token":"nested-` + secretMark + `-token"},"error":"expired","pad":"` + strings.Repeat("x", 5000) + `"}`,
		"control byte":      "invalid token " + strings.Replace(held, "abc", "a\x01bc", 1),
		"escaped control":   `{"error":"invalid token ` + strings.Replace(escaped, "abc", `a\u0000bc`, 1) + `"}`,
		"broken JSON":       `{"token":"broken-` + secretMark + `-token","error":"invalid token"`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprint(w, body)
			}))
			defer srv.Close()
			_, err := startRefresh(t, renewer.Config{URL: srv.URL,
				Seed: renewer.Token{Value: held, ExpiresAt: time.Now().Add(time.Hour)}})
			var se *renewer.StatusError
			if !errors.As(err, &se) || se.StatusCode != 400 {
				t.Fatalf("Refresh = %v, want a 400 StatusError", err)
			}
			if strings.Contains(se.Message, secretMark) || strings.Contains(err.Error(), secretMark) {
				t.Errorf("Message %q: the token survived", se.Message)
			}
			if name != "broken JSON" && !strings.Contains(se.Message, "invalid token") && !strings.Contains(se.Message, "expired") {
				t.Errorf("Message %q lost the server's explanation", se.Message)
			}
		})
	}
}
