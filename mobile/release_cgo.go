//go:build cgo

package mobile

import (
	"reflect"
	"runtime"

	"golang.org/x/mobile/bind/seq"
)

// release lets go of the Java or Objective-C object behind v, if v is a
// gobind proxy, on a thread of its own (see callApp). Without it Go's garbage
// collector lets go of it on one of the runtime's threads, which that call
// attaches to the JVM for good. v must not be used afterwards.
func release(v any) {
	if isForeign(v) {
		_ = callApp("release", ErrorCodeInternal, (*redactor)(nil).with(), func() error { releaseHere(v); return nil })
	}
}

// releaseHere is release on the calling goroutine, which callApp runs.
func releaseHere(v any) {
	if !isForeign(v) {
		return
	}
	ref := (*seq.Ref)(reflect.ValueOf(v).UnsafePointer()) // proxy types are defined as seq.Ref
	runtime.SetFinalizer(v, nil)
	seq.FinalizeRef(ref)
}

// isForeign reports whether v is a gobind proxy for a Java or Objective-C
// object that can be released.
func isForeign(v any) bool {
	if _, ok := v.(foreignObject); !ok || seq.FinalizeRef == nil {
		return false
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && !rv.IsNil()
}
