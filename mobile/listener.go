package mobile

import (
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// A Listener is told what happens to the token; the app implements it in
// Kotlin, Java or Swift.
//
// Its methods are called on a Go thread, not the main thread: hop to the
// main thread for UI work. They are called one at a time and in order, may
// call any Renewer method but Stop, and should return quickly.
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
// arguments and reports what the Listener throws or panics.
type listenerAdapter struct{ l Listener }

// call runs f and reports its error or panic to OnError.
func (a listenerAdapter) call(where string, f func() error) {
	if err := guard(where, f); err != nil {
		a.report(err)
	}
}

// report tells OnError about err; what OnError itself throws is dropped.
func (a listenerAdapter) report(err error) {
	_ = guard("Listener.OnError", func() error {
		return a.l.OnError(codeFor(err), message(err), renewer.IsPermanent(err))
	})
}

// guard calls f with callApp: failures are ErrorCodeInternal.
func guard(where string, f func() error) error { return callApp(where, ErrorCodeInternal, f) }

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
