// Package goid reads the calling goroutine's id. The renewer and the mobile
// facade use it for one question only: is Stop being called from inside a
// Listener callback, where waiting for the callbacks to end would wait for
// the caller itself?
package goid

import (
	"runtime"
	"strconv"
)

// ID returns the calling goroutine's id, read from the first line of its
// stack trace ("goroutine 42 [running]:"), or 0 if that line cannot be read.
func ID() uint64 {
	var buf [32]byte
	b := buf[:runtime.Stack(buf[:], false)]
	const prefix = "goroutine "
	if len(b) <= len(prefix) {
		return 0
	}
	b = b[len(prefix):]
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	id, _ := strconv.ParseUint(string(b[:i]), 10, 64)
	return id
}
