//go:build !linux

package mobile

// onRuntimeMainThread reports false: only Linux and Android need to know,
// for the JVM (see callApp).
func onRuntimeMainThread() bool { return false }
