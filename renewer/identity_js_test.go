//go:build js

package renewer

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// TestBrowserHashKeysAreRandomAndTheHashIsHMAC: the browser build's key
// source and keyed hash, which the native tests do not run.
func TestBrowserHashKeysAreRandomAndTheHashIsHMAC(t *testing.T) {
	a, b := NewHashKey(), NewHashKey()
	if len(a) != 32 || bytes.Equal(a, b) || bytes.Equal(a, make([]byte, 32)) {
		t.Errorf("NewHashKey = %x, then %x; want 32 random bytes each time", a, b)
	}
	// RFC 4231, test case 2.
	got := hmacSHA256([]byte("Jefe"), []byte("what do ya want for nothing?"))
	if want := "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"; hex.EncodeToString(got) != want {
		t.Errorf("hmacSHA256 = %x; want %s", got, want)
	}
}
