//go:build !js

package renewer

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// returnWithin runs f and fails t when it has not returned within limit: a
// bound on a test that would otherwise hang, not a measure of speed.
func returnWithin[T any](t *testing.T, limit time.Duration, f func() T) T {
	t.Helper()
	ch := make(chan T, 1)
	go func() { ch <- f() }()
	select {
	case v := <-ch:
		return v
	case <-time.After(limit):
		t.Fatalf("still running after %v: the call outlived its context", limit)
		panic("unreachable")
	}
}

// silentUpgrader listens on 127.0.0.1, answers every request with 101
// Switching Protocols and then says nothing more, holding the connection
// open until the test ends.
func silentUpgrader(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go func() {
				br := bufio.NewReader(c)
				if _, err := http.ReadRequest(br); err != nil {
					return
				}
				io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
			}()
		}
	}()
	return "http://" + ln.Addr().String() + "/token?key=k"
}

func TestSwitchingProtocolsAnswerIsRefused(t *testing.T) {
	u := silentUpgrader(t)
	s, err := newHTTPSource(Config{URL: u}.withDefaults(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	// The answer comes at once; the deadline only ends a fetch that would
	// wait for more, which then fails the check below with a timeout.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = returnWithin(t, 10*time.Second, func() error { _, err := s.Fetch(ctx); return err })
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != 101 || !IsPermanent(err) {
		t.Errorf("Fetch = %v; want a permanent *StatusError for 101", err)
	}
}

// blockingBody is a response body whose reads wait until it is closed,
// whatever the context says.
type blockingBody struct{ *io.PipeReader }

// stuckTransport answers 200 with a body that never arrives and ignores
// the request's context: only closing the body ends a read.
type stuckTransport struct{}

func (stuckTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	pr, _ := io.Pipe()
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: blockingBody{pr}, Request: r}, nil
}

func TestBodyReadEndsWithTheContext(t *testing.T) {
	tr := NewHTTPTransport(&http.Client{Transport: stuckTransport{}}, false, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := returnWithin(t, 10*time.Second, func() error {
		_, err := tr.RoundTrip(ctx, &Request{Method: "GET", URL: "https://tokens.example.com/t"})
		return err
	})
	if !errors.Is(err, context.DeadlineExceeded) || IsPermanent(err) {
		t.Errorf("RoundTrip = %v; want a transient context.DeadlineExceeded", err)
	}
}

func TestRedirectLoopsArePermanent(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch {
		case r.URL.Path == "/self":
			http.Redirect(w, r, "/self", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/hop/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
			http.Redirect(w, r, "/hop/"+strconv.Itoa(n+1), http.StatusFound)
		}
	})
	for _, tc := range []struct {
		path     string
		maxFetch int32
	}{{"/self", 1}, {"/hop/0", 5}} {
		t.Run(tc.path, func(t *testing.T) {
			hits.Store(0)
			_, err := fetchOnce(t, Config{URL: srv.URL + tc.path})
			if !errors.Is(err, ErrRedirect) || !IsPermanent(err) || Code(err) != "redirect" {
				t.Errorf("err = %v (code %q); want permanent ErrRedirect, code redirect", err, Code(err))
			}
			if n := hits.Load(); n > tc.maxFetch {
				t.Errorf("%d requests, want at most %d (no retry)", n, tc.maxFetch)
			}
		})
	}
}

func TestCrossHostRedirectNeverResendsTheBody(t *testing.T) {
	var got atomic.Int32
	other := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		io.WriteString(w, `{"token":"t"}`)
	})
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	for _, code := range []int{307, 308} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			first := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/same" {
					http.Redirect(w, r, "/t", code)
					return
				}
				if r.URL.Path == "/t" {
					b, _ := io.ReadAll(r.Body)
					io.WriteString(w, `{"token":"`+string(b)+`"}`)
					return
				}
				http.Redirect(w, r, otherURL+"/t", code)
			})
			_, err := fetchOnce(t, Config{URL: first.URL, Profile: JSON{Method: "POST", Body: []byte("secret-body")}})
			if !errors.Is(err, ErrRedirect) || !IsPermanent(err) {
				t.Errorf("err = %v; want permanent ErrRedirect", err)
			}
			if n := got.Load(); n != 0 {
				t.Errorf("the other host got %d requests", n)
			}
			tok, err := fetchOnce(t, Config{URL: first.URL + "/same", Profile: JSON{Method: "POST", Body: []byte("same-host-body")}})
			if err != nil || tok.Value != "same-host-body" {
				t.Errorf("same-host %d: %v, %v; want the body re-sent to the same host", code, tok, err)
			}
		})
	}
}

func TestTLSFailuresArePermanent(t *testing.T) {
	plain := serve(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"token":"t"}`) })
	trusted := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	trusted.Config.ErrorLog = discardLog()
	t.Cleanup(trusted.Close)
	mtls := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	mtls.TLS = &tls.Config{ClientAuth: tls.RequireAnyClientCert, MaxVersion: tls.VersionTLS12}
	mtls.Config.ErrorLog = discardLog()
	mtls.StartTLS()
	t.Cleanup(mtls.Close)
	for _, tc := range []struct {
		name   string
		url    string
		client *http.Client
	}{
		{"https to a plain http port", strings.Replace(plain.URL, "http:", "https:", 1), nil},
		{"unknown authority", trusted.URL, nil},
		{"wrong host name", strings.Replace(trusted.URL, "127.0.0.1", "localhost", 1), trusted.Client()},
		{"handshake alert", mtls.URL, mtls.Client()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := NewHTTPTransport(tc.client, false, nil)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, err := tr.RoundTrip(ctx, &Request{Method: "GET", URL: tc.url})
			if err == nil || !IsPermanent(err) {
				t.Errorf("RoundTrip = %v; want a permanent TLS error", err)
			}
		})
	}
}

func TestLoopbackNeverGoesThroughAProxy(t *testing.T) {
	var proxied atomic.Int32
	proxy := serve(t, func(w http.ResponseWriter, r *http.Request) {
		proxied.Add(1)
		io.WriteString(w, `{"token":"from-proxy"}`)
	})
	proxyURL, _ := url.Parse(proxy.URL)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"token":"direct"}`) })
	port := srv.URL[strings.LastIndexByte(srv.URL, ':'):]
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxyURL)}}
	tr := NewHTTPTransport(client, false, nil)
	for _, u := range []string{srv.URL, "http://localhost" + port, "http://tokens.localhost" + port} {
		resp, err := tr.RoundTrip(context.Background(), &Request{Method: "GET", URL: u + "/t", Header: map[string]string{"Authorization": "Bearer app-secret"}})
		if err != nil || string(resp.Body) != `{"token":"direct"}` {
			t.Errorf("%s: %v, %v; want the loopback server's answer", u, resp, err)
		}
	}
	if n := proxied.Load(); n != 0 {
		t.Errorf("the proxy got %d loopback requests", n)
	}
	resp, err := tr.RoundTrip(context.Background(), &Request{Method: "GET", URL: "http://tokens.example.com/t"})
	if err != nil || string(resp.Body) != `{"token":"from-proxy"}` || proxied.Load() != 1 {
		t.Errorf("other hosts: %v, %v; want them to go through the proxy", resp, err)
	}
}
