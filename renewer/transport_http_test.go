//go:build !js

package renewer

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRedirectToAnotherHostCarriesNoConfiguredHeaders(t *testing.T) {
	var got atomic.Value
	other := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Clone())
		io.WriteString(w, `{"token":"t","expires_in":60}`)
	})
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	first := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != "secret-key" {
			t.Error("the first host did not get the configured header")
		}
		http.Redirect(w, r, otherURL+"/t", http.StatusFound)
	})
	tok, err := fetchOnce(t, Config{URL: first.URL, Header: map[string]string{"X-Api-Key": "secret-key", "Authorization": "Bearer app", "Cookie": "s=1"}})
	if err != nil || tok.Value != "t" {
		t.Fatalf("Fetch = %v, %v", tok, err)
	}
	h := got.Load().(http.Header)
	for _, k := range []string{"X-Api-Key", "Authorization", "Cookie"} {
		if h.Get(k) != "" {
			t.Errorf("header %s followed the redirect to another host", k)
		}
	}
}

func TestRedirectToPlainHTTPElsewhereIsRefused(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://tokens.example.com/t", http.StatusFound)
	})
	_, err := fetchOnce(t, Config{URL: srv.URL})
	if !errors.Is(err, ErrInsecureURL) || !IsPermanent(err) {
		t.Errorf("err = %v; want permanent ErrInsecureURL", err)
	}
}

func TestUntrustedCertificateIsPermanent(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	srv.Config.ErrorLog = discardLog()
	defer srv.Close()
	_, err := fetchOnce(t, Config{URL: srv.URL})
	if err == nil || !IsPermanent(err) {
		t.Errorf("err = %v; want a permanent TLS error", err)
	}
	if strings.Contains(err.Error(), "giving up") {
		t.Errorf("err = %q: retryablehttp's plain-string give-up leaked through", err)
	}
}

func TestRefusedConnectionIsTransientAndTyped(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = fetchOnce(t, Config{URL: "http://" + addr + "/t?key=secret"})
	if err == nil || IsPermanent(err) {
		t.Errorf("err = %v; want a transient error", err)
	}
	if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "giving up") {
		t.Errorf("err = %q leaks the query or retryablehttp's give-up text", err)
	}
}

func TestHangingServerIsBoundedByTheContext(t *testing.T) {
	release := make(chan struct{})
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	s, _ := newHTTPSource(Config{URL: srv.URL}.withDefaults(), time.Now)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := s.Fetch(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || IsPermanent(err) {
		t.Errorf("err = %v; want a transient deadline error", err)
	}
}

func TestTransportSendsMethodHeadersAndBody(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Reply", "yes")
		w.WriteHeader(201)
		io.WriteString(w, r.Method+" "+r.Header.Get("X-A")+" "+string(b))
	})
	tr := NewHTTPTransport(nil, false, nil)
	resp, err := tr.RoundTrip(context.Background(), &Request{Method: "POST", URL: srv.URL, Header: map[string]string{"X-A": "1"}, Body: []byte("hi")})
	if err != nil || resp.StatusCode != 201 || string(resp.Body) != "POST 1 hi" || resp.Header["x-reply"] != "yes" {
		t.Errorf("RoundTrip = %+v, %v", resp, err)
	}
	if _, err := tr.RoundTrip(context.Background(), &Request{Method: "BAD METHOD", URL: srv.URL}); err == nil || !IsPermanent(err) {
		t.Errorf("bad method: %v; want permanent", err)
	}
}

func TestRenewerAgainstALoopbackServer(t *testing.T) {
	var n atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		io.WriteString(w, `{"token":"tok-`+strconv.Itoa(int(i))+`","expires_in":2}`)
	})
	renewed := make(chan Token, 10)
	r := start(t, Config{URL: srv.URL, Listener: ListenerFuncs{OnRenewToken: func(tok Token) { renewed <- tok }}})
	for i := 0; i < 2; i++ {
		select {
		case <-renewed:
		case <-time.After(10 * time.Second):
			t.Fatal("no renewal within 10 s of 2 s tokens")
		}
	}
	tok, err := r.Token(context.Background())
	if err != nil || !strings.HasPrefix(tok.Value, "tok-") {
		t.Errorf("Token() = %v, %v", tok, err)
	}
	r.Stop()
}

func discardLog() *log.Logger { return log.New(io.Discard, "", 0) }
