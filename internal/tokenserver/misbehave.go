package tokenserver

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"strconv"
	"time"
)

// upgradeSilence bounds how long a hijacked connection that was answered
// 101 stays open waiting for the client to give up.
const upgradeSilence = time.Minute

// answer is a token answer kept for Fault.Repeat.
type answer struct {
	at          time.Time
	contentType string
	body        []byte
}

// serve answers a token request on route with fault f, and h for the token.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, route string, f Fault, h http.HandlerFunc) {
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if f.Skew != 0 {
		w.Header().Set("Date", time.Now().Add(f.Skew).UTC().Format(http.TimeFormat))
	}
	switch {
	case f.Outage:
		// The server drops the connection with no answer; net/http does
		// so quietly for this panic, and the in-memory transport reports
		// it as a reset connection.
		panic(http.ErrAbortHandler)
	case f.Upgrade:
		upgrade(w, r)
		return
	case f.RedirectLoop:
		w.Header().Set("Location", r.URL.RequestURI())
		w.WriteHeader(http.StatusTemporaryRedirect)
		return
	case f.Status != 0:
		if f.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(f.RetryAfter.Seconds()))))
		}
		writeJSON(w, f.Status, map[string]string{"error": http.StatusText(f.Status)})
		return
	case f.Repeat:
		s.mu.Lock()
		a, ok := s.last[route]
		s.mu.Unlock()
		if ok {
			w.Header().Set("Content-Type", a.contentType)
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(aged(a.body, time.Since(a.at)))
			return
		}
	}
	c := &capture{ResponseWriter: w}
	h(c, r.WithContext(context.WithValue(r.Context(), faultKey{}, f)))
	if c.status == http.StatusOK {
		s.mu.Lock()
		s.last[route] = answer{at: time.Now(), contentType: w.Header().Get("Content-Type"), body: c.body.Bytes()}
		s.mu.Unlock()
	}
}

// upgrade answers 101 Switching Protocols and stays silent until the client
// goes (at most upgradeSilence on a real connection), or r's context ends.
func upgrade(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	if hj, ok := w.(http.Hijacker); ok {
		conn, buf, err := hj.Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: tokenserver-silence\r\n\r\n")
		_ = buf.Flush()
		_ = conn.SetReadDeadline(time.Now().Add(upgradeSilence))
		_, _ = io.Copy(io.Discard, conn) // until the client closes, or the deadline
		return
	}
	w.Header().Set("Connection", "Upgrade")
	w.Header().Set("Upgrade", "tokenserver-silence")
	w.WriteHeader(http.StatusSwitchingProtocols)
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	<-r.Context().Done()
}

// aged returns a JSON answer with its relative "expires_in" reduced by age
// in whole seconds rounded up, as a cache that serves a stored answer;
// other answers as they are.
func aged(body []byte, age time.Duration) []byte {
	var obj map[string]any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if d.Decode(&obj) != nil {
		return body
	}
	n, ok := obj["expires_in"].(json.Number)
	if !ok {
		return body
	}
	v, err := n.Int64()
	if err != nil {
		return body
	}
	// Round the age up, as HTTP's Age does, so that the answer never
	// promises more than the first one did.
	obj["expires_in"] = max(v-int64((age+time.Second-1)/time.Second), 0)
	b, err := json.Marshal(obj)
	if err != nil {
		return body
	}
	return append(b, '\n')
}

// capture keeps a copy of what a token route writes.
type capture struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (c *capture) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *capture) Write(p []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	if c.body.Len() < maxBody {
		c.body.Write(p)
	}
	return c.ResponseWriter.Write(p)
}

// now returns the server's clock for r: the true time plus the fault's skew.
func now(r *http.Request) time.Time { return time.Now().Add(faultOf(r.Context()).Skew) }

// lifetime returns the lifetime of a token minted for r: the fault's
// Lifetime, else asked, else the server's TTL.
func (s *Server) lifetime(r *http.Request, asked time.Duration) time.Duration {
	if l := faultOf(r.Context()).Lifetime; l > 0 {
		return l
	}
	if asked > 0 {
		return asked
	}
	return s.ttl
}
