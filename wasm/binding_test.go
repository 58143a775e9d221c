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
			src := renewer.SourceFunc(func(context.Context) (renewer.Token, error) {
				defer func() { fetched <- struct{}{} }()
				if calls.Add(1) == 1 {
					return renewer.Token{}, renewer.Permanent(errors.New("refused"))
				}
				return renewer.Token{Value: "tok", ExpiresAt: time.Now().Add(time.Hour)}, nil
			})
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
