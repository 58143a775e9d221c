//go:build js

package renewer

import (
	"syscall/js"

	"github.com/tokenrenew/tokenrenew/internal/hmaclite"
)

// hmacSHA256 returns HMAC-SHA256 of msg under key, computed by hmaclite:
// the standard library's crypto would cost the browser build about 57 KB
// gzipped (its FIPS 140 module) for this one hash.
func hmacSHA256(key, msg []byte) []byte {
	s := hmaclite.Sum(key, msg)
	return s[:]
}

// randomBytes fills b from the host's crypto.getRandomValues, the source
// the Go runtime itself is seeded from in js/wasm.
func randomBytes(b []byte) {
	a := js.Global().Get("Uint8Array").New(len(b))
	js.Global().Get("crypto").Call("getRandomValues", a)
	js.CopyBytesToGo(b, a)
}
