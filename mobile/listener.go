package mobile

import (
	"sync"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/goid"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// A Listener is told what happens to the token; the app implements it in
// Kotlin, Java or Swift.
//
// Its methods are called on a Go thread, not the main thread: hop to the
// main thread for UI work. They are called one at a time and in order, may
// call any Renewer method, and should return quickly.
//
// Each method may fail (in Java and Kotlin, throw; in Swift, throw): an
// exception or a Go panic in OnTokenWillExpire, OnRenewToken or
// OnTokenExpired is reported to OnError as ErrorCodeInternal, and one in
// OnError is dropped. Nothing thrown in a Listener reaches the renewer.
type Listener interface {
	// OnTokenWillExpire is called msLeft milliseconds before the token
	// expires (30 s by default) when no fresher token has arrived, like
	// Agora's onTokenPrivilegeWillExpire. token is the expiring token.
	OnTokenWillExpire(token string, msLeft int64) error
	// OnRenewToken is called with every new token, valid until expiresAtMs
	// (Unix milliseconds): hand it to the SDK, as Agora's renewToken.
	OnRenewToken(token string, expiresAtMs int64) error
	// OnTokenExpired is called once when the token expired with no
	// replacement. Renewal goes on trying.
	OnTokenExpired() error
	// OnError is called for every failed fetch with its ErrorCode, a text
	// without secrets, and whether it is permanent: then renewal waits for
	// Refresh or Resume (after the user logs in again, say).
	OnError(code int64, message string, permanent bool) error
}

// listenerAdapter makes a Listener a renewer.Listener: it converts the
// arguments, reports what the Listener throws or panics, and lets go of a
// Java or Swift Listener once the renewer is stopped and no call is left.
type listenerAdapter struct {
	l Listener
	s *listenerState
}

// listenerState counts the calls into the Listener in progress and knows
// the goroutines that make them.
type listenerState struct {
	mu       sync.Mutex
	busy     int
	calling  map[uint64]bool // goroutines calling into the Listener
	stopped  bool
	released bool
}

func newListenerAdapter(l Listener) listenerAdapter {
	return listenerAdapter{l: l, s: &listenerState{calling: map[uint64]bool{}}}
}

// inCall reports whether the calling goroutine is inside a Listener method:
// the app called back into the renewer from its listener.
func (a listenerAdapter) inCall() bool {
	id := goid.ID()
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	return a.s.calling[id]
}

// call runs f and reports its error or panic to OnError.
func (a listenerAdapter) call(where string, f func() error) {
	if err := a.guard(where, f); err != nil {
		a.report(err)
	}
}

// report tells OnError about err; what OnError itself throws is dropped.
func (a listenerAdapter) report(err error) {
	_ = a.guard("Listener.OnError", func() error {
		return a.l.OnError(codeFor(err), message(err), renewer.IsPermanent(err))
	})
}

// guard calls f with callApp (failures are ErrorCodeInternal), unless the
// renewer has been stopped.
func (a listenerAdapter) guard(where string, f func() error) error {
	a.s.mu.Lock()
	if a.s.stopped {
		a.s.mu.Unlock()
		return nil
	}
	a.s.busy++
	a.s.mu.Unlock()
	defer a.leave()
	return callApp(where, ErrorCodeInternal, func() error {
		id := goid.ID()
		a.s.mu.Lock()
		a.s.calling[id] = true
		a.s.mu.Unlock()
		defer func() {
			a.s.mu.Lock()
			delete(a.s.calling, id)
			a.s.mu.Unlock()
		}()
		return f()
	})
}

func (a listenerAdapter) leave() {
	a.s.mu.Lock()
	a.s.busy--
	a.s.mu.Unlock()
	a.releaseIfDone()
}

// stop notes that the renewer stopped: no call will come but those in
// progress, and the Listener is released after them.
func (a listenerAdapter) stop() {
	a.s.mu.Lock()
	a.s.stopped = true
	a.s.mu.Unlock()
	a.releaseIfDone()
}

func (a listenerAdapter) releaseIfDone() {
	a.s.mu.Lock()
	done := a.s.stopped && a.s.busy == 0 && !a.s.released
	if done {
		a.s.released = true
	}
	a.s.mu.Unlock()
	if done {
		release(a.l)
	}
}

func (a listenerAdapter) TokenWillExpire(tok renewer.Token, left time.Duration) {
	a.call("Listener.OnTokenWillExpire", func() error { return a.l.OnTokenWillExpire(tok.Value, left.Milliseconds()) })
}

func (a listenerAdapter) RenewToken(tok renewer.Token) {
	a.call("Listener.OnRenewToken", func() error { return a.l.OnRenewToken(tok.Value, unixMs(tok.ExpiresAt)) })
}

func (a listenerAdapter) TokenExpired(renewer.Token) {
	a.call("Listener.OnTokenExpired", a.l.OnTokenExpired)
}

func (a listenerAdapter) Error(err error) { a.report(err) }
