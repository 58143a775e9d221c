//go:build js && wasm

package main

import (
	"context"
	"sync"
	"syscall/js"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// binding is one renewer and the JavaScript functions that reach it.
type binding struct {
	r      *renewer.Renewer
	emit   js.Value // emit(type, detail)
	ctx    context.Context
	cancel context.CancelFunc

	funcs  []js.Func // released by stop
	unhook []func()  // removes the page listeners
	once   sync.Once
	done   chan struct{} // closed when stop has finished
}

// newBinding creates and starts a renewer for cfg whose events go to emit.
func newBinding(cfg renewer.Config, emit js.Value) (*binding, error) {
	b := &binding{emit: emit, done: make(chan struct{})}
	cfg.Listener = b
	r, err := renewer.New(cfg)
	if err != nil {
		return nil, err
	}
	b.r = r
	b.ctx, b.cancel = context.WithCancel(context.Background())
	if err := r.Start(b.ctx); err != nil {
		b.cancel()
		return nil, err
	}
	b.hookPage()
	return b, nil
}

// handle returns the JavaScript object the loader wraps.
func (b *binding) handle() js.Value {
	h := js.Global().Get("Object").New()
	b.method(h, "token", func(signal js.Value) any {
		ctx, done := b.callContext(signal)
		return promise(func() (any, error) { defer done(); return b.token(b.r.Token(ctx)) })
	})
	b.method(h, "refresh", func(signal js.Value) any {
		ctx, done := b.callContext(signal)
		return promise(func() (any, error) { defer done(); return b.token(b.r.Refresh(ctx)) })
	})
	b.method(h, "current", func(js.Value) any {
		if tok, ok := b.r.Current(); ok {
			return tokenDetail(tok)
		}
		return nil
	})
	// Invalidate, Pause and Resume take the renewer's lock only briefly and
	// never wait for JavaScript or for a callback: they run here, so that
	// current() and stats() right after them see their effect, and an event
	// listener may call them while the renewer delivers its event.
	b.method(h, "invalidate", func(arg js.Value) any {
		rejected := ""
		if arg.Type() == js.TypeString {
			rejected = arg.String()
		}
		b.r.Invalidate(rejected)
		return nil
	})
	b.method(h, "pause", func(js.Value) any { b.r.Pause(); return nil })
	b.method(h, "resume", func(js.Value) any { b.r.Resume(); return nil })
	b.method(h, "stats", func(js.Value) any { return statsObject(b.r.Stats()) })
	b.method(h, "stop", func(js.Value) any {
		return promise(func() (any, error) { b.stop(); return nil, nil })
	})
	return h
}

// method sets h[name] to a function calling fn with its first argument.
func (b *binding) method(h js.Value, name string, fn func(arg js.Value) any) {
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		arg := js.Undefined()
		if len(args) > 0 {
			arg = args[0]
		}
		return fn(arg)
	})
	b.funcs = append(b.funcs, f)
	h.Set(name, f)
}

// callContext returns the context of one token or refresh call: the
// renewer's, ended too when signal (an AbortSignal, or undefined) aborts,
// and the function that releases its listener once the call is over. Only
// the call's wait ends: a fetch it shares with others goes on.
func (b *binding) callContext(signal js.Value) (context.Context, func()) {
	if signal.Type() != js.TypeObject || signal.Get("addEventListener").Type() != js.TypeFunction {
		return b.ctx, func() {}
	}
	ctx, cancel := context.WithCancel(b.ctx)
	if signal.Get("aborted").Truthy() {
		cancel()
		return ctx, cancel
	}
	f := js.FuncOf(func(js.Value, []js.Value) any { cancel(); return nil })
	signal.Call("addEventListener", "abort", f)
	return ctx, func() {
		cancel()
		signal.Call("removeEventListener", "abort", f)
		f.Release()
	}
}

// token returns the value of tok, or err.
func (b *binding) token(tok renewer.Token, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return tok.Value, nil
}

// stop stops the renewer, removes the page listeners and releases every
// function of the handle. It runs once; later calls wait for the first.
func (b *binding) stop() {
	b.once.Do(func() {
		b.r.Stop()
		<-b.r.Done() // no Listener call is left to use the funcs released below
		b.cancel()
		for _, f := range b.unhook {
			f()
		}
		for _, f := range b.funcs {
			f.Release()
		}
		b.funcs, b.unhook = nil, nil
		clearIdleTimeout()
		close(b.done)
	})
	<-b.done
}

// clearIdleTimeout makes the Go runtime drop the JavaScript timeout it
// armed for the stopped renewer's timer. The runtime arms one setTimeout for
// its next timer when it goes idle and clears it only when it arms another,
// so without this a stale timeout of up to WakeInterval would keep Node.js
// running after the last stop. A 1 ms sleep arms a new one (clearing the
// old), which fires and leaves nothing behind.
func clearIdleTimeout() { time.Sleep(time.Millisecond) }

// hookPage calls Resume when the page becomes visible, runs again after
// being frozen ("resume") or the browser goes back online, where there is
// a document or a window. In a worker there is neither: the pages forward
// these to the worker, which calls resume.
func (b *binding) hookPage() {
	doc := js.Global().Get("document")
	b.listen(doc, "visibilitychange", func() bool {
		return doc.Get("visibilityState").Equal(js.ValueOf("visible"))
	})
	b.listen(doc, "resume", func() bool { return true })
	b.listen(js.Global().Get("window"), "online", func() bool { return true })
}

// listen adds a listener for event on target, if target is an
// EventTarget, that calls Resume when cond holds. Resume runs in the
// listener, as the handle's resume does: it never waits for JavaScript.
func (b *binding) listen(target js.Value, event string, cond func() bool) {
	if target.Type() != js.TypeObject || target.Get("addEventListener").Type() != js.TypeFunction {
		return
	}
	f := js.FuncOf(func(js.Value, []js.Value) any {
		if cond() {
			b.r.Resume()
		}
		return nil
	})
	target.Call("addEventListener", event, f)
	b.unhook = append(b.unhook, func() {
		target.Call("removeEventListener", event, f)
		f.Release()
	})
}

// promise returns a Promise settled by run, which runs on its own
// goroutine: a Go function called from JavaScript must not block.
func promise(run func() (any, error)) js.Value {
	var resolve, reject js.Value
	exec := js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject = args[0], args[1]
		return nil
	})
	p := js.Global().Get("Promise").New(exec)
	exec.Release()
	go func() {
		v, err := run()
		if err != nil {
			reject.Invoke(jsError(err))
			return
		}
		resolve.Invoke(v)
	}()
	return p
}

// TokenWillExpire emits "tokenwillexpire".
func (b *binding) TokenWillExpire(tok renewer.Token, left time.Duration) {
	d := tokenTimes(tok)
	d.Set("leftMs", left.Milliseconds())
	b.emit.Invoke("tokenwillexpire", d)
}

// RenewToken emits "renewtoken" with the token.
func (b *binding) RenewToken(tok renewer.Token) {
	b.emit.Invoke("renewtoken", tokenDetail(tok))
}

// tokenDetail describes tok with its value and extras (an empty object
// when the profile returned none): the detail of "renewtoken" and what
// current() returns.
func tokenDetail(tok renewer.Token) js.Value {
	d := tokenTimes(tok)
	d.Set("token", tok.Value)
	extra := js.Global().Get("Object").New()
	if len(tok.Extra) > 0 {
		extra = js.ValueOf(jsonValue(tok.Extra))
	}
	d.Set("extra", extra)
	return d
}

// TokenExpired emits "tokenexpired".
func (b *binding) TokenExpired(tok renewer.Token) {
	b.emit.Invoke("tokenexpired", tokenTimes(tok))
}

// Error emits "error" with the error, its code and whether it is permanent.
func (b *binding) Error(err error) {
	d := js.Global().Get("Object").New()
	e := jsError(err)
	d.Set("error", e)
	d.Set("code", e.Get("code"))
	d.Set("permanent", e.Get("permanent"))
	b.emit.Invoke("error", d)
}

// tokenTimes describes tok's lifetime without its value.
func tokenTimes(tok renewer.Token) js.Value {
	d := js.Global().Get("Object").New()
	d.Set("expiresAt", epochMs(tok.ExpiresAt))
	d.Set("issuedAt", epochMs(tok.IssuedAt))
	d.Set("expirySource", tok.ExpirySource.String())
	return d
}

// epochMs returns t in milliseconds since the Unix epoch, or null.
func epochMs(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// statsObject describes s for JavaScript.
func statsObject(s renewer.Stats) js.Value {
	o := js.Global().Get("Object").New()
	o.Set("fetches", s.Fetches)
	o.Set("renewals", s.Renewals)
	o.Set("failures", s.Failures)
	o.Set("expirations", s.Expirations)
	o.Set("consecutiveFailures", s.ConsecutiveFailures)
	o.Set("valid", s.Valid)
	o.Set("expiresAt", epochMs(s.ExpiresAt))
	o.Set("nextAttempt", epochMs(s.NextAttempt))
	o.Set("waiting", s.Waiting)
	o.Set("paused", s.Paused)
	if s.LastError != nil {
		o.Set("lastError", jsError(s.LastError))
	} else {
		o.Set("lastError", nil)
	}
	return o
}

// jsonValue converts decoded JSON (a profile's Extra) to JavaScript: a
// Secret (the RTM token of an Agora "rte" answer) as its string, which the
// app asked for; other types become null rather than panicking in
// js.ValueOf.
func jsonValue(v any) any {
	switch v := v.(type) {
	case nil, string, bool, float64, int, int64:
		return v
	case renewer.Secret:
		return string(v)
	case jsonlite.Number:
		f, _ := v.Float64()
		return f
	case []any:
		a := make([]any, len(v))
		for i, e := range v {
			a[i] = jsonValue(e)
		}
		return a
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = jsonValue(e)
		}
		return m
	}
	return nil
}
