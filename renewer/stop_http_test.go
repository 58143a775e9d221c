//go:build !js

package renewer

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Stop means stopped, with the default HTTP transport: its lines reach
// Config.Logger as the renewer's own do, never after Stop and never inside
// the fetch. HTTP on loopback; no fake clock (network I/O is not durably
// blocking), so every wait is on an event, bounded only against a hang.

// TestNoHTTPLineIsLoggedAfterStop: the request Stop cancelled fails, and
// the transport's "request failed" line for it does not reach the Logger.
func TestNoHTTPLineIsLoggedAfterStop(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		arrived <- struct{}{}
		<-req.Context().Done()
	}))
	t.Cleanup(srv.Close)
	lg := &lateLogger{}
	r, err := New(Config{URL: srv.URL, Logger: lg})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	<-arrived
	r.Stop()
	lg.stopped.Store(true)
	<-r.Done()
	if late := lg.lines(); len(late) != 0 {
		t.Errorf("logged after Stop returned: %q", late)
	}
}

// TestALoggerMayWaitForATokenWhileTheFetchLogs: a Logger that calls Token
// with no deadline while no token is held, from a line the fetch in flight
// logs, gets the token that fetch brings: it does not wedge the renewer.
func TestALoggerMayWaitForATokenWhileTheFetchLogs(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"token":"fresh","expires_in":3600}`)
	}))
	t.Cleanup(srv.Close)
	var r *Renewer
	var once sync.Once
	fromLogger := make(chan error, 1)
	lg := loggerFunc(func(string, ...any) {
		once.Do(func() {
			_, err := r.Token(context.Background())
			fromLogger <- err
		})
	})
	r, err := New(Config{URL: srv.URL, Logger: lg})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer func() {
		r.Stop()
		select {
		case <-r.Done():
		case <-time.After(10 * time.Second):
			t.Error("renewer not quiet 10 s after Stop: the fetch is wedged")
		}
	}()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if tok, err := r.Token(ctx); err != nil || tok.Value != "fresh" {
		t.Fatalf("Token = %v, %v; want the fetched token", tok, err)
	}
	select {
	case err := <-fromLogger:
		if err != nil {
			t.Errorf("Token from the Logger = %v; want the fetched token", err)
		}
	case <-ctx.Done():
		t.Error("the Logger's Token call never returned")
	}
}
