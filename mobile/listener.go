package mobile

import (
	"sync"
	"time"

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
// Java or Swift Listener once the renewer is stopped and quiet. The Go
// renewer makes the calls one at a time and none after Stop, so the
// adapter keeps no bookkeeping of its own.
type listenerAdapter struct {
	l    Listener
	once *sync.Once
}

func newListenerAdapter(l Listener) listenerAdapter {
	return listenerAdapter{l: l, once: new(sync.Once)}
}

// call runs f and reports its error or panic to OnError.
func (a listenerAdapter) call(where string, f func() error) {
	if err := callApp(where, ErrorCodeInternal, f); err != nil {
		a.report(err)
	}
}

// report tells OnError about err; what OnError itself throws is dropped.
func (a listenerAdapter) report(err error) {
	_ = callApp("Listener.OnError", ErrorCodeInternal, func() error {
		return a.l.OnError(codeFor(err), message(err), renewer.IsPermanent(err))
	})
}

// releaseAfter lets go of the Listener once done is closed: the renewer
// has stopped and no call into the Listener is left. Only the first call
// does anything.
func (a listenerAdapter) releaseAfter(done <-chan struct{}) {
	a.once.Do(func() {
		<-done
		release(a.l)
	})
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
