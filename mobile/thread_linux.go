package mobile

import "syscall"

// runtimeMainThread is the thread ID of the Go runtime's main thread: package
// initialization runs on it. Set once, never changed.
var runtimeMainThread = syscall.Gettid()

// onRuntimeMainThread reports whether the calling goroutine, locked to its
// thread, runs on the Go runtime's main thread, which never ends.
func onRuntimeMainThread() bool { return syscall.Gettid() == runtimeMainThread }
