//go:build js && wasm

package main

import (
	"context"
	"errors"
	"sync/atomic"
	"syscall/js"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// TestPageEventsRetryAtOnce checks that a page becoming visible and a
// frozen page running again ("resume") reach Resume: after a permanent
// failure, which waits for Resume or Refresh, they retry at once.
func TestPageEventsRetryAtOnce(t *testing.T) {
	for _, event := range []string{"visibilitychange", "resume"} {
		t.Run(event, func(t *testing.T) {
			doc := js.Global().Get("EventTarget").New()
			doc.Set("visibilityState", "visible")
			js.Global().Set("document", doc)
			defer js.Global().Delete("document")

			var calls atomic.Int32
			fetched := make(chan struct{}, 4)
			src := refusingOnce(&calls, fetched, nil)
			failed := make(chan struct{}, 4)
			emit := js.FuncOf(func(_ js.Value, args []js.Value) any {
				if args[0].String() == "error" {
					failed <- struct{}{}
				}
				return nil
			})
			defer emit.Release()
			b, err := newBinding(renewer.Config{Source: src, MinBackoff: 10 * time.Millisecond}, js.ValueOf(emit))
			if err != nil {
				t.Fatal(err)
			}
			defer b.stop()
			wait := func(what string) {
				t.Helper()
				select {
				case <-fetched:
				case <-time.After(10 * time.Second):
					t.Fatalf("no fetch: %s", what)
				}
			}
			wait("the first attempt")
			select { // the failure is recorded and reported: the renewer waits for Resume
			case <-failed:
			case <-time.After(10 * time.Second):
				t.Fatal("no error event")
			}
			doc.Call("dispatchEvent", js.Global().Get("Event").New(event))
			wait("a retry after " + event)
			if n := calls.Load(); n != 2 {
				t.Errorf("%d fetches, want 2", n)
			}
		})
	}
}

// refusingOnce is a Source whose first fetch fails permanently (so the
// renewer waits for Resume or Refresh) and whose later ones bring a token.
// Each fetch counts in calls and signals fetched when it ends; with begin
// set, each waits for begin to close first.
func refusingOnce(calls *atomic.Int32, fetched chan<- struct{}, begin <-chan struct{}) renewer.Source {
	return renewer.SourceFunc(func(context.Context) (renewer.Token, error) {
		if begin != nil {
			<-begin
		}
		defer func() { fetched <- struct{}{} }()
		if calls.Add(1) == 1 {
			return renewer.Token{}, renewer.Permanent(errors.New("refused"))
		}
		return renewer.Token{Value: "tok", ExpiresAt: time.Now().Add(time.Hour)}, nil
	})
}

// settle waits for the Promise p and returns its value, or the error it
// rejected with.
func settle(t *testing.T, p js.Value) (js.Value, js.Value) {
	t.Helper()
	type result struct{ v, err js.Value }
	ch := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- result{v: a[0]}; return nil })
	fail := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- result{err: a[0]}; return nil })
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	select {
	case r := <-ch:
		return r.v, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("the Promise did not settle")
	}
	return js.Undefined(), js.Undefined()
}

// TestSignalEndsTheWaitNotTheFetch: an aborted signal ends its token()
// call's wait; the fetch it joined goes on and serves the next caller.
func TestSignalEndsTheWaitNotTheFetch(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	src := renewer.SourceFunc(func(ctx context.Context) (renewer.Token, error) {
		calls.Add(1)
		select {
		case <-release:
		case <-ctx.Done():
			return renewer.Token{}, ctx.Err()
		}
		return renewer.Token{Value: "tok", ExpiresAt: time.Now().Add(time.Hour), Extra: map[string]any{"user": "u1"}}, nil
	})
	emit := js.FuncOf(func(js.Value, []js.Value) any { return nil })
	defer emit.Release()
	b, err := newBinding(renewer.Config{Source: src}, js.ValueOf(emit))
	if err != nil {
		t.Fatal(err)
	}
	defer b.stop()
	h := b.handle()
	if !h.Call("current").IsNull() {
		t.Fatal("current() before any token is not null")
	}
	ac := js.Global().Get("AbortController").New()
	waiting := h.Call("token", ac.Get("signal"))
	ac.Call("abort")
	if _, e := settle(t, waiting); e.IsUndefined() {
		t.Fatal("token(signal) resolved after the signal aborted")
	}
	close(release)
	v, e := settle(t, h.Call("token"))
	if !e.IsUndefined() || v.String() != "tok" {
		t.Fatalf("token() after the abort = %v, %v; want the fetch's token", v, e)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d fetches; want the one the aborted call joined", n)
	}
	c := h.Call("current")
	if c.Get("token").String() != "tok" || c.Get("extra").Get("user").String() != "u1" || c.Get("expirySource").Type() != js.TypeString {
		t.Errorf("current() = %v", js.Global().Get("JSON").Call("stringify", c, js.Global().Get("Array").New("expirySource", "extra", "user")))
	}
}

// TestPauseAndResumeFromAListener: an event listener may call pause() and
// resume() while the renewer delivers its event; both return, and resume()
// has taken effect when it returns: after a permanent failure the renewer
// waits, and resume() in the "error" listener ends the wait and retries.
func TestPauseAndResumeFromAListener(t *testing.T) {
	var calls atomic.Int32
	fetched := make(chan struct{}, 4)
	begin := make(chan struct{})
	src := refusingOnce(&calls, fetched, begin)
	var h js.Value
	waiting := make(chan [2]bool, 1)
	emit := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if args[0].String() != "error" {
			return nil
		}
		before := h.Call("stats").Get("waiting").Bool()
		h.Call("pause")
		h.Call("resume")
		waiting <- [2]bool{before, h.Call("stats").Get("waiting").Bool()}
		return nil
	})
	defer emit.Release()
	b, err := newBinding(renewer.Config{Source: src, MinBackoff: 10 * time.Millisecond}, js.ValueOf(emit))
	if err != nil {
		t.Fatal(err)
	}
	defer b.stop()
	h = b.handle()
	close(begin)
	select {
	case w := <-waiting:
		if !w[0] || w[1] {
			t.Errorf("stats().waiting in the listener: %v before resume(), %v after it; want true, false", w[0], w[1])
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no error event, or pause()/resume() in the listener did not return")
	}
	for i := 0; i < 2; i++ {
		select {
		case <-fetched:
		case <-time.After(10 * time.Second):
			t.Fatalf("%d fetches; want the retry resume() started", i)
		}
	}
}

// TestStatsSayPaused: stats() says paused between pause() and resume(),
// with no attempt planned meanwhile.
func TestStatsSayPaused(t *testing.T) {
	src := renewer.SourceFunc(func(context.Context) (renewer.Token, error) {
		return renewer.Token{Value: "tok", ExpiresAt: time.Now().Add(time.Hour)}, nil
	})
	renewed := make(chan struct{}, 1)
	emit := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if args[0].String() == "renewtoken" {
			select {
			case renewed <- struct{}{}:
			default:
			}
		}
		return nil
	})
	defer emit.Release()
	b, err := newBinding(renewer.Config{Source: src}, js.ValueOf(emit))
	if err != nil {
		t.Fatal(err)
	}
	defer b.stop()
	h := b.handle()
	select {
	case <-renewed:
	case <-time.After(10 * time.Second):
		t.Fatal("no token")
	}
	h.Call("pause")
	if s := h.Call("stats"); !s.Get("paused").Bool() || !s.Get("nextAttempt").IsNull() {
		t.Errorf("stats() while paused: paused %v, nextAttempt %v; want true, null", s.Get("paused"), s.Get("nextAttempt"))
	}
	h.Call("resume")
	if s := h.Call("stats"); s.Get("paused").Bool() || s.Get("nextAttempt").IsNull() {
		t.Errorf("stats() after resume(): paused %v, nextAttempt %v; want false and the renewal time", s.Get("paused"), s.Get("nextAttempt"))
	}
}
