package renewer

import "time"

// A Listener is told what happens to the token. Its methods are called one
// at a time, in order, on a goroutine owned by the Renewer and with no lock
// held, so they may call any Renewer method, Stop included: no method of
// the Renewer waits for a Listener call to return. A slow method delays
// later events but no Token caller, and no event is dropped while the
// renewer runs. Once Stop has returned no method is called, but for one
// already under way; Done tells when that has returned too. As on any
// goroutine, a panic in a method ends the program.
type Listener interface {
	// TokenWillExpire is called when tok expires in left (WarnBefore, 30 s by
	// default) and no fresher token has arrived yet; like Agora's
	// onTokenPrivilegeWillExpire. It is re-armed for every new token.
	TokenWillExpire(tok Token, left time.Duration)
	// RenewToken is called with every new token; hand it to the SDK, as in
	// Agora's renewToken.
	RenewToken(tok Token)
	// TokenExpired is called once when tok expired with no replacement,
	// as soon as the renewer notices (its timer, Resume, Token, Refresh,
	// Invalidate), paused or not, and before the RenewToken of the token
	// that replaces it.
	TokenExpired(tok Token)
	// Error is called for every failed fetch, and for every failed Store
	// call (errors.Is(err, ErrStore)). errors.Is and IsPermanent tell what
	// it was; permanent failures stop retrying until Refresh or Resume.
	Error(err error)
}

// ListenerFuncs adapts plain functions to a Listener. A nil field ignores
// its event.
type ListenerFuncs struct {
	OnTokenWillExpire func(tok Token, left time.Duration)
	OnRenewToken      func(tok Token)
	OnTokenExpired    func(tok Token)
	OnError           func(err error)
}

// TokenWillExpire calls f.OnTokenWillExpire if it is set.
func (f ListenerFuncs) TokenWillExpire(tok Token, left time.Duration) {
	if f.OnTokenWillExpire != nil {
		f.OnTokenWillExpire(tok, left)
	}
}

// RenewToken calls f.OnRenewToken if it is set.
func (f ListenerFuncs) RenewToken(tok Token) {
	if f.OnRenewToken != nil {
		f.OnRenewToken(tok)
	}
}

// TokenExpired calls f.OnTokenExpired if it is set.
func (f ListenerFuncs) TokenExpired(tok Token) {
	if f.OnTokenExpired != nil {
		f.OnTokenExpired(tok)
	}
}

// Error calls f.OnError if it is set.
func (f ListenerFuncs) Error(err error) {
	if f.OnError != nil {
		f.OnError(err)
	}
}
