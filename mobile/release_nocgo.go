//go:build !cgo

package mobile

// release does nothing: without cgo there is no gobind binding, so no
// Java or Objective-C object to let go of.
func release(any) {}

// releaseHere does nothing, as release.
func releaseHere(any) {}
