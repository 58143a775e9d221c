//go:build js && wasm

package main

import (
	"context"
	"os"
	"path/filepath"
	"syscall/js"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// jsModule imports js/name into the JavaScript realm the test runs in.
func jsModule(t *testing.T, name string) js.Value {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	imp := js.Global().Get("Function").New("u", "return import(u)")
	ns, e := settle(t, imp.Invoke("file://"+filepath.Join(wd, "js", name)))
	if !e.IsUndefined() {
		t.Fatalf("import %s: %v", name, e)
	}
	return ns
}

// TestRemoteValidityIsTheEngines: in a worker mode the page's current()
// judges the worker's latest current() detail by validAt; for the same
// token and time it answers as Token.ValidAt.
func TestRemoteValidityIsTheEngines(t *testing.T) {
	validAt := jsModule(t, "tokenrenew-remote.js").Get("validAt")
	now := time.Now().Truncate(time.Millisecond)
	for _, tc := range []struct {
		name string
		tok  renewer.Token
	}{
		{"expiring in an hour", renewer.Token{Value: "t", ExpiresAt: now.Add(time.Hour)}},
		{"expiring in a millisecond", renewer.Token{Value: "t", ExpiresAt: now.Add(time.Millisecond)}},
		{"expiring now", renewer.Token{Value: "t", ExpiresAt: now}},
		{"expired a millisecond ago", renewer.Token{Value: "t", ExpiresAt: now.Add(-time.Millisecond)}},
		{"with no expiry", renewer.Token{Value: "t"}},
		{"with no value", renewer.Token{ExpiresAt: now.Add(time.Hour)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.tok.ValidAt(now)
			if got := validAt.Invoke(tokenDetail(tc.tok), now.UnixMilli()).Bool(); got != want {
				t.Errorf("validAt = %v; Token.ValidAt = %v", got, want)
			}
		})
	}
	if validAt.Invoke(nil, now.UnixMilli()).Bool() {
		t.Error("validAt(null) = true")
	}
}

// TestRemoteInvalidateIsTheEngines: in a worker mode the page drops its
// copy of the token at invalidate(rejected) when drops says so; the Go
// renewer, asked the same, drops its token in exactly those cases.
func TestRemoteInvalidateIsTheEngines(t *testing.T) {
	drops := jsModule(t, "tokenrenew-remote.js").Get("drops")
	for _, rejected := range []string{"", "held", "replaced"} {
		t.Run("invalidate("+rejected+")", func(t *testing.T) {
			src := renewer.SourceFunc(func(ctx context.Context) (renewer.Token, error) {
				<-ctx.Done() // no new token: what is held is the seed or nothing
				return renewer.Token{}, ctx.Err()
			})
			emit := js.FuncOf(func(js.Value, []js.Value) any { return nil })
			defer emit.Release()
			seed := renewer.Token{Value: "held", IssuedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
			b, err := newBinding(renewer.Config{Source: src, Seed: seed}, js.ValueOf(emit))
			if err != nil {
				t.Fatal(err)
			}
			defer b.stop()
			h := b.handle()
			c := h.Call("current")
			if c.IsNull() {
				t.Fatal("current() is null before invalidate")
			}
			want := drops.Invoke(rejected, c).Bool()
			h.Call("invalidate", rejected)
			if got := h.Call("current").IsNull(); got != want {
				t.Errorf("the renewer dropped its token: %v; drops says %v", got, want)
			}
		})
	}
	if drops.Invoke("", nil).Bool() {
		t.Error(`drops("", null) = true`)
	}
}

// TestLoaderStatusRuleIsTheEngines: the loader judges an HTTP answer for
// tokenrenew.wasm as the renewer judges a token server's, by
// StatusError.Temporary, for every status.
func TestLoaderStatusRuleIsTheEngines(t *testing.T) {
	temporary := jsModule(t, "tokenrenew-runtime.js").Get("temporary")
	for code := 100; code < 600; code++ {
		want := (&renewer.StatusError{StatusCode: code}).Temporary()
		if got := temporary.Invoke(code).Bool(); got != want {
			t.Errorf("status %d: the loader says temporary = %v, StatusError.Temporary = %v", code, got, want)
		}
	}
}
