//go:build !js

package renewer_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// echoServer answers every request with a failure whose text echoes the
// request's query and credentials back, in each place server text can
// reach the renewer: a plain-text error body, a JSON error body that also
// holds a token, an origin refusal, and a malformed header line that
// net/http quotes in its error.
func echoServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		echo := "bad request " + r.URL.RequestURI() + " auth=" + r.Header.Get("Authorization") +
			" key=" + r.Header.Get("X-Api-Key") + " q=" + r.URL.Query().Get("key")
		switch r.URL.Path {
		case "/echo-text":
			http.Error(w, echo, http.StatusBadRequest)
		case "/echo-json":
			tok := "tok-" + secretMark + "-in-an-error-body"
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":%q,"token":%q}`, echo+" issued "+tok, tok)
		case "/echo-origin":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, `{"error":%q}`, "Origin not allowed: "+echo)
		case "/echo-header":
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			buf.WriteString("HTTP/1.1 200 OK\r\nEcho " + echo + "\r\n\r\n")
			buf.Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestSecrecyServerEchoesNoSecretIntoErrors: whatever a server echoes, the
// configured header values, the URL's query and a token the response held
// reach no error, StatusError.Message, log line or event.
func TestSecrecyServerEchoesNoSecretIntoErrors(t *testing.T) {
	c := &capture{}
	logger := slog.New(newTee(c))
	srv := echoServer(t)
	for _, path := range []string{"/echo-text", "/echo-json", "/echo-origin", "/echo-header"} {
		t.Run(path, func(t *testing.T) {
			l := newSecrecyListener(c)
			_, err := startRefresh(t, renewer.Config{
				URL:            srv.URL + path + "?key=qry-" + secretMark + "-credential&room=lobby",
				Header:         map[string]string{"X-Api-Key": secrecyHeader, "Authorization": "Bearer " + secrecyHeader},
				Logger:         logger,
				Listener:       l,
				MinBackoff:     10 * time.Millisecond,
				MaxBackoff:     50 * time.Millisecond,
				RequestTimeout: time.Second,
			})
			if err == nil || errors.Is(err, renewer.ErrNotStarted) || errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Refresh = %v; want the server's failure", err)
			}
			fmt.Fprintln(c, err.Error())
			if !strings.Contains(err.Error(), "[REDACTED]") {
				t.Errorf("error %q: want the echo, its secrets replaced by [REDACTED]", err)
			}
			c.formatAll("refresh-error", err)
			var se *renewer.StatusError
			if errors.As(err, &se) {
				fmt.Fprintln(c, se.Message)
				if !strings.Contains(se.Message, "bad request") {
					t.Errorf("Message %q lost the server's explanation", se.Message)
				}
			}
		})
	}
	for line := range strings.SplitSeq(c.String(), "\n") {
		if strings.Contains(line, secretMark) {
			t.Errorf("a secret shows: %.300s", line)
		}
	}
}
