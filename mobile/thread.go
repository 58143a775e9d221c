package mobile

import (
	"fmt"
	"runtime"
)

// callApp calls f, a method of the app's Listener or Store, on a goroutine
// locked to a new OS thread, and waits for it. An error f returns (a Java or
// Swift exception) comes back with code; a panic comes back with
// ErrorCodeInternal.
//
// The thread of its own is how the facade leaves no thread behind: calling
// Java or Objective-C from Go attaches the calling OS thread to the JVM (as
// a non-daemon thread) or the Objective-C runtime, gobind detaches it only
// when the thread ends, and Go's own threads never end. A goroutine that
// exits while locked to its thread ends that thread, so the thread is gone
// once the call returns and a stopped renewer lets a JVM exit. Calls are
// rare (a few per token), so the cost of a thread is negligible.
func callApp(where string, code int64, f func() error) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		defer func() {
			if p := recover(); p != nil {
				done <- panicError(where, p)
			}
		}()
		if err := f(); err != nil {
			done <- &codedError{code: code, err: fmt.Errorf("%s failed: %w", where, err)}
			return
		}
		done <- nil
	}()
	return <-done
}
