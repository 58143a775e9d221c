package mobile

import (
	"context"
	"errors"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// A Renewer keeps one token fresh. Make it with NewRenewer, call Start, read
// the token with Token or take each new one in Listener.OnRenewToken, and
// call Stop when done. Its methods are safe to call from any thread.
type Renewer struct {
	r    *renewer.Renewer
	l    listenerAdapter
	red  *redactor  // what the app supplies passes through it
	err  error      // why config was not usable; r is nil then
	gate *startGate // runs r.Start off the caller's thread
}

// NewRenewer returns a renewer for config, not yet started, telling
// listener what happens (nil for no listener). It never fails, so that the
// Java constructor declares no exception it could throw: when config is not
// usable, Start, Token, Refresh, AwaitToken and AwaitRefresh fail with
// ErrorCodeConfig, ErrorCodeInsecureURL or ErrorCodeWrongIdentity, marked
// permanent, the other methods do nothing, and listener is never called.
func NewRenewer(config *Config, listener Listener) *Renewer {
	m := &Renewer{red: new(redactor), gate: newStartGate()}
	if err := m.init(config, listener); err != nil {
		// Permanent: nothing but a new renewer with another config helps.
		m.err = &codedError{code: codeFor(err), err: renewer.Permanent(errors.Unwrap(err))}
		release(listener)
	}
	return m
}

// init makes the Go renewer for config.
func (m *Renewer) init(config *Config, listener Listener) (err error) {
	defer m.recoverInto(&err, "NewRenewer")
	if config == nil {
		return &codedError{code: ErrorCodeConfig, err: errors.New("tokenrenew: NewRenewer needs a Config")}
	}
	rc, err := config.build(m.red)
	if err != nil {
		return err
	}
	var l listenerAdapter
	if listener != nil {
		l = newListenerAdapter(listener, m.red)
		rc.Listener = l
	}
	r, err := renewer.New(rc)
	if err != nil {
		if !errors.Is(err, renewer.ErrInsecureURL) && !errors.Is(err, renewer.ErrWrongIdentity) {
			return &codedError{code: ErrorCodeConfig, err: err}
		}
		return wrap(err)
	}
	m.r, m.l = r, l
	m.red.r.Store(r)
	return nil
}

// Start starts keeping the token fresh, from the seed token or the Store's
// token when one is still valid, else with a fetch at once. It returns at
// once, on any thread, the main thread included: it waits neither for the
// Store's Load nor for the fetch, which run on a thread of their own. The
// token arrives in OnRenewToken, or through Token, which waits for the
// Store first (within its timeout: Token(0) fails with ErrorCodeTimeout
// until the Store has answered); Pause and Resume called meanwhile take
// effect once it has. It fails with ErrorCodeConfig, ErrorCodeInsecureURL or
// ErrorCodeWrongIdentity when the configuration is not usable, with
// ErrorCodeAlreadyStarted when called again, and with ErrorCodeStopped
// after Stop.
func (r *Renewer) Start() (err error) {
	defer r.recoverInto(&err, "Renewer.Start")
	if r.err != nil {
		return r.err
	}
	return wrap(r.gate.start(r.r, func(p any) {
		if r.l.l != nil {
			r.l.report(panicError("Renewer.Start", p, r.redaction().with()))
		}
	}))
}

// Token returns the current token. While it is valid Token returns at once;
// otherwise it waits for one up to timeoutMs milliseconds, across the
// retries of transient failures, and then fails with ErrorCodeTimeout (or
// ErrorCodeExpired when the renewer's token expired meanwhile), the text
// naming the last failure. A timeout of 0 never waits: with no valid token
// it fails at once, and the token arrives later in OnRenewToken; a timeout
// past what Go's durations hold (Long.MAX_VALUE) is the longest wait, not
// an overflow. After a permanent failure with no valid token it fails at
// once with its code.
func (r *Renewer) Token(timeoutMs int64) (token string, err error) {
	defer r.recoverInto(&err, "Renewer.Token")
	if r.err != nil {
		return "", r.err
	}
	ctx, cancel := timeout(timeoutMs)
	defer cancel()
	if err := r.gate.wait(ctx); err != nil {
		return "", wrap(err)
	}
	tok, err := r.r.Token(ctx)
	return tok.Value, wrap(err)
}

// Refresh fetches a new token now (or joins the fetch in progress) and
// returns it, waiting up to timeoutMs milliseconds; the fetch goes on after a
// timeout. It ends the wait after a permanent failure: call it after the
// user logs in again.
func (r *Renewer) Refresh(timeoutMs int64) (token string, err error) {
	defer r.recoverInto(&err, "Renewer.Refresh")
	if r.err != nil {
		return "", r.err
	}
	ctx, cancel := timeout(timeoutMs)
	defer cancel()
	if err := r.gate.wait(ctx); err != nil {
		return "", wrap(err)
	}
	tok, err := r.r.Refresh(ctx)
	return tok.Value, wrap(err)
}

// AwaitToken is Token with a Wait in place of a timeout: it returns the
// current token with everything known of it, waiting across the retries
// of transient failures until one arrives, a permanent failure, Stop, or
// w ends (w.Cancel, or its timeout), whichever comes first. w.Failure then
// says how it failed. The Kotlin and Swift layers' token() is built on it.
func (r *Renewer) AwaitToken(w *Wait) (token *Token, err error) {
	defer r.recoverInto(&err, "Renewer.AwaitToken")
	return r.await(w, r.r.Token)
}

// AwaitRefresh is Refresh with a Wait in place of a timeout, returning the
// new token with everything known of it; see AwaitToken. The fetch goes on
// after w ends.
func (r *Renewer) AwaitRefresh(w *Wait) (token *Token, err error) {
	defer r.recoverInto(&err, "Renewer.AwaitRefresh")
	return r.await(w, r.r.Refresh)
}

// await calls get with w's context and records the outcome in w.
func (r *Renewer) await(w *Wait, get func(context.Context) (renewer.Token, error)) (*Token, error) {
	if r.err != nil {
		return nil, w.end(r.err)
	}
	if err := r.gate.wait(w.context()); err != nil {
		return nil, w.end(wrap(err))
	}
	tok, err := get(w.context())
	if err != nil {
		return nil, w.end(wrap(err))
	}
	return newToken(tok), w.end(nil)
}

// Invalidate tells the renewer that the service the token is for rejected
// it (Agora's onRequestToken or error 109/110, a 401 from the media
// server). rejected is the token that was rejected, "" for the current
// one: if it is still current it is dropped and a new one is fetched at
// once; if it has already been replaced, nothing happens.
func (r *Renewer) Invalidate(rejected string) {
	defer r.recoverToListener("Renewer.Invalidate")
	if r.err != nil {
		return
	}
	r.r.Invalidate(rejected)
}

// Pause tells the renewer the app went to the background (onStop,
// applicationDidEnterBackground): it starts no fetch of its own and holds
// no timer until Resume. Token, Refresh and Invalidate still work.
func (r *Renewer) Pause() {
	defer r.recoverToListener("Renewer.Pause")
	if r.err != nil || r.gate.pause(true) {
		return
	}
	r.r.Pause()
}

// Resume tells the renewer the app is back: call it from onResume,
// applicationWillEnterForeground, or when the network returns. It notices
// a renewal missed while the device slept, retries a waiting retry now, and
// ends the wait after a permanent failure.
func (r *Renewer) Resume() {
	defer r.recoverToListener("Renewer.Resume")
	if r.err != nil || r.gate.pause(false) {
		return
	}
	r.r.Resume()
}

// Stop stops the renewer. It returns at once, from any thread, the main
// thread and a Listener method included: it cancels the fetch in progress
// and does not wait for it, for a Store call or for a Listener method under
// way. No Listener method begins after Stop returns; the Listener and the
// Store are let go once the last call under way has returned. Later calls
// do nothing. A stopped renewer cannot be started again. Call Stop when
// done: it is what frees the Listener.
func (r *Renewer) Stop() {
	defer r.recoverToListener("Renewer.Stop")
	if r.err != nil {
		return
	}
	r.gate.close()
	r.r.Stop()
	if r.l.l != nil {
		go r.l.releaseAfter(r.r.Done())
	}
}

// Stats returns counters and the current state.
func (r *Renewer) Stats() (s *Stats) {
	defer func() {
		if p := recover(); p != nil {
			s = &Stats{LastErrorCode: ErrorCodeInternal, LastErrorMessage: message(panicError("Renewer.Stats", p, r.redaction().with()))}
		}
	}()
	if r.err != nil {
		return &Stats{LastErrorCode: codeFor(r.err), LastErrorMessage: message(r.err), LastErrorPermanent: true}
	}
	return newStats(r.r.Stats())
}

// String describes the renewer without its token.
func (r *Renewer) String() string {
	if r.err != nil {
		return "Renewer(not usable: " + message(r.err) + ")"
	}
	return r.r.String()
}

// GoString is String, so that %#v prints no token either.
func (r *Renewer) GoString() string { return "mobile." + r.String() }

// timeout returns a context that ends after ms milliseconds; 0 or less
// gives one already ended, and Long.MAX_VALUE the longest wait (millis
// saturates).
func timeout(ms int64) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), millis(max(ms, 0)))
}

// redaction returns r's redactor; nil for a nil Renewer.
func (r *Renewer) redaction() *redactor {
	if r == nil {
		return nil
	}
	return r.red
}

// recoverInto turns a panic into an ErrorCodeInternal error in *err,
// without the secrets the renewer knows. It must be deferred directly.
func (r *Renewer) recoverInto(err *error, where string) {
	if p := recover(); p != nil {
		*err = panicError(where, p, r.redaction().with())
	}
}

// recoverToListener reports a panic to the listener. It must be deferred
// directly.
func (r *Renewer) recoverToListener(where string) {
	if p := recover(); p != nil && r.l.l != nil {
		r.l.report(panicError(where, p, r.redaction().with()))
	}
}
