//go:build !js

package hmaclite

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"math/rand/v2"
	"testing"
)

// TestSumAgreesWithCryptoHMAC is the differential test: crypto/hmac is
// the oracle, over every key and message length around SHA-256's block
// and padding boundaries, and random bytes.
func TestSumAgreesWithCryptoHMAC(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for klen := range 140 {
		for _, mlen := range []int{0, 1, 31, 32, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000} {
			key, msg := make([]byte, klen), make([]byte, mlen)
			for i := range key {
				key[i] = byte(rng.Uint32())
			}
			for i := range msg {
				msg[i] = byte(rng.Uint32())
			}
			m := hmac.New(sha256.New, key)
			m.Write(msg)
			if got := Sum(key, msg); !bytes.Equal(got[:], m.Sum(nil)) {
				t.Fatalf("key %d bytes, message %d bytes: %x; want %x", klen, mlen, got, m.Sum(nil))
			}
		}
	}
}
