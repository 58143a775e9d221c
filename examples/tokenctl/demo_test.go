package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestDemoShowsRenewals runs the demo with 2 s tokens until two renewals
// have shown (bounded, no timing assertion), then stops it.
func TestDemoShowsRenewals(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	w := newLineWriter()
	done := make(chan error, 1)
	go func() { done <- demo(ctx, w, 2*time.Second) }()
	intro := w.next(t, 10*time.Second, func(string) bool { return true })
	if !strings.Contains(intro, "tokenctl demo:") {
		t.Errorf("intro %q", intro)
	}
	for i := 0; i < 3; i++ {
		l := w.next(t, 30*time.Second, func(l string) bool { return strings.Contains(l, "renew_token") })
		if !strings.Contains(l, "expires in") || !strings.Contains(l, "expiry from token") {
			t.Errorf("line %q", l)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("demo did not stop")
	}
	out := w.String()
	if strings.Contains(out, "007e") || !strings.Contains(out, "Ctrl-C") || !strings.Contains(out, "stopped after") {
		t.Errorf("output:\n%s", out)
	}
}

func TestDemoRefusesTooShortTokens(t *testing.T) {
	if code, _, _ := runOnce("", "demo", "--ttl", "1s"); code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
}
