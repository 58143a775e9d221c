package mobile

import (
	"sync"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// A Listener is told what happens to the token; the app implements it in
// Kotlin, Java or Swift. Each method takes objects, not positional values,
// so that fields added to Token and TokenError reach every implementer
// without breaking one.
//
// Its methods are called on a Go thread, not the main thread: hop to the
// main thread for UI work. They are called one at a time and in order, may
// call any Renewer method, and should return quickly. The objects they are
// given are theirs to keep.
//
// Each method may fail (in Java and Kotlin, throw; in Swift, throw): an
// exception or a Go panic in OnTokenWillExpire, OnRenewToken or
// OnTokenExpired is reported to OnError as ErrorCodeInternal, and one in
// OnError is dropped. Nothing thrown in a Listener reaches the renewer.
// What is reported has the token values and other secrets the renewer
// knows replaced with [REDACTED], so a message that quotes the token does
// not leak it.
type Listener interface {
	// OnTokenWillExpire is called msLeft milliseconds before token expires
	// (30 s by default) when no fresher token has arrived, like Agora's
	// onTokenPrivilegeWillExpire.
	OnTokenWillExpire(token *Token, msLeft int64) error
	// OnRenewToken is called with every new token, with its expiry, issue
	// time and extras: hand token.Value to the SDK, as Agora's renewToken.
	OnRenewToken(token *Token) error
	// OnTokenExpired is called once when token expired with no
	// replacement. Renewal goes on trying.
	OnTokenExpired(token *Token) error
	// OnError is called for every failed fetch with its code, a text
	// without secrets, and whether it is permanent: then renewal waits for
	// Refresh or Resume (after the user logs in again, say).
	OnError(err *TokenError) error
}

// listenerAdapter makes a Listener a renewer.Listener: it converts the
// arguments, reports what the Listener throws or panics, and lets go of a
// Java or Swift Listener once the renewer is stopped and quiet. The Go
// renewer makes the calls one at a time and none after Stop, so the
// adapter keeps no bookkeeping of its own.
type listenerAdapter struct {
	l    Listener
	once *sync.Once
	red  *redactor
}

func newListenerAdapter(l Listener, red *redactor) listenerAdapter {
	return listenerAdapter{l: l, once: new(sync.Once), red: red}
}

// call runs f, given tok, and reports its error or panic to OnError with
// tok and the renewer's secrets removed.
func (a listenerAdapter) call(where string, tok renewer.Token, f func() error) {
	if err := callApp(where, ErrorCodeInternal, a.red.with(tok), f); err != nil {
		a.report(err)
	}
}

// report tells OnError about err; what OnError itself throws is dropped.
func (a listenerAdapter) report(err error) {
	_ = callApp("Listener.OnError", ErrorCodeInternal, a.red.with(), func() error {
		return a.l.OnError(newTokenError(err))
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
	a.call("Listener.OnTokenWillExpire", tok, func() error { return a.l.OnTokenWillExpire(newToken(tok), left.Milliseconds()) })
}

func (a listenerAdapter) RenewToken(tok renewer.Token) {
	a.call("Listener.OnRenewToken", tok, func() error { return a.l.OnRenewToken(newToken(tok)) })
}

func (a listenerAdapter) TokenExpired(tok renewer.Token) {
	a.call("Listener.OnTokenExpired", tok, func() error { return a.l.OnTokenExpired(newToken(tok)) })
}

func (a listenerAdapter) Error(err error) { a.report(err) }
