package mobile

import (
	"errors"
	"runtime"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
)

// callApp calls f, a method of the app's Listener or Store, on a goroutine
// locked to an OS thread that ends when the call returns, and waits for it.
// An error f returns (a Java or Swift exception) comes back with code; a
// panic comes back with ErrorCodeInternal. Either text passes through
// redact first: the app's text may quote a token.
//
// Why a thread of its own: calling Java from Go attaches the calling OS
// thread to the JVM as a non-daemon thread (gobind does it, and detaches only
// when the thread ends), and Go's own threads never end. A goroutine that
// exits while locked to its thread ends that thread, so no thread stays
// attached once the call returns, and a JVM with stopped renewers can exit.
// Calls are rare (a few per token), so the cost of a thread is negligible.
func callApp(where string, code int64, redact func(error) error, f func() error) error {
	done := make(chan error, 1)
	go callOnOwnThread(done, where, code, redact, f)
	return <-done
}

// callOnOwnThread runs f on this goroutine's thread, which ends with it.
// The runtime's main thread never ends (Go parks it instead), so on that
// thread it keeps the thread busy, which makes the call run on another.
func callOnOwnThread(done chan<- error, where string, code int64, redact func(error) error, f func() error) {
	runtime.LockOSThread() // never unlocked but below: the thread ends with the goroutine
	if onRuntimeMainThread() {
		next := make(chan error, 1)
		go callOnOwnThread(next, where, code, redact, f)
		done <- <-next
		runtime.UnlockOSThread()
		return
	}
	done <- call(where, code, redact, f)
}

// call runs f, turning its error or panic into a codedError whose text has
// passed through redact. An exception thrown by the app is read and
// released at once, on this thread.
func call(where string, code int64, redact func(error) error, f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = panicError(where, p, redact)
		}
	}()
	if err := f(); err != nil {
		text := where + " failed: " + errtext.ErrorText(err)
		if _, ok := err.(foreignObject); ok { // a Java or Swift exception
			releaseHere(err)
			return &codedError{code: code, err: redact(errors.New(text))}
		}
		return &codedError{code: code, err: redact(&appFailure{text: text, err: err})}
	}
	return nil
}

// appFailure is an error a Go implementation of Listener or Store
// returned, its text read once, guarded; redact keeps what errors.Is
// needs of err.
type appFailure struct {
	text string
	err  error
}

func (e *appFailure) Error() string { return e.text }
func (e *appFailure) Unwrap() error { return e.err }

// foreignObject is implemented by gobind's proxies for Java and Objective-C
// objects: a Listener, a Store, a thrown exception.
type foreignObject interface{ Bind_proxy_refnum__() int32 }
