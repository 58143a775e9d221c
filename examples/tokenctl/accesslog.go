package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/tokenserver"
)

// accessLog is serve's request log: one line per request, when its answer
// ends, with the method, the path, the names of the query's parameters (not
// their values), the status, the time taken and the fault applied:
//
//	15:04:05  GET /token?key=…  503  2ms  fault: status 503 retry-after 1s
//
// It writes no header, cookie, body, query value or token: whatever a
// client sends may be a secret.
type accessLog struct {
	mu sync.Mutex // serialises lines
	w  io.Writer
}

// faultNote carries a request's fault from the token server's OnToken to
// the line written when the answer ends. Both run on the request's
// goroutine.
type faultNote struct {
	fault tokenserver.Fault
	token bool // a token request: the fault, zero or not, is known
}

// noteKey keys a request's *faultNote in its context.
type noteKey struct{}

// onToken is the token server's Options.OnToken: it notes f for the line.
func (l *accessLog) onToken(r *http.Request, f tokenserver.Fault) {
	if n, ok := r.Context().Value(noteKey{}).(*faultNote); ok {
		n.fault, n.token = f, true
	}
}

// handler wraps h, writing a line for each request when h returns, or when
// h drops the connection (an outage fault's http.ErrAbortHandler panic,
// which it lets go on).
func (l *accessLog) handler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		note := &faultNote{}
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				l.line(start, r, "dropped", note)
				panic(p)
			}
			l.line(start, r, sw.code(), note)
		}()
		h.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), noteKey{}, note)))
	})
}

// line writes one request's line.
func (l *accessLog) line(start time.Time, r *http.Request, status string, note *faultNote) {
	msg := fmt.Sprintf("%s  %s %s  %s  %s", start.Local().Format(time.TimeOnly),
		safe(r.Method), safe(r.URL.Path)+queryNames(r.URL.Query()), status, took(time.Since(start)))
	if note.token && !note.fault.IsZero() {
		msg += "  fault: " + strings.TrimPrefix(tokenserver.Rule{Fault: note.fault}.String(), "always ")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(l.w, msg)
}

// took formats a request's duration: to the millisecond below a second,
// else to a tenth of a second.
func took(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}

// queryNames writes a query's parameter names with their values hidden:
// "?expiry=…&key=…", or "" for no query.
func queryNames(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, safe(k)+"=…")
	}
	slices.Sort(names)
	return "?" + strings.Join(names, "&")
}

// statusWriter notes the status written through it. It passes Flush and
// Hijack on (an upgrade fault needs them). Like any http.ResponseWriter,
// it is used on the request's goroutine only.
type statusWriter struct {
	http.ResponseWriter
	status int
	hijack bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	w.hijack = true
	return hj.Hijack()
}

// Unwrap gives http.ResponseController the writer beneath.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// code returns the status for the line: the one written, "hijacked" for a
// connection taken over (an upgrade fault writes 101 on it), 200 when the
// handler wrote nothing (net/http's default).
func (w *statusWriter) code() string {
	switch {
	case w.hijack:
		return "101 (hijacked)"
	case w.status == 0:
		return "200"
	}
	return fmt.Sprint(w.status)
}
