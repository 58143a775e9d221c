//go:build !js

package renewer

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
)

// hmacSHA256 returns HMAC-SHA256 of msg under key.
func hmacSHA256(key, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil)
}

// randomBytes fills b from crypto/rand, which never fails (its contract
// since Go 1.24).
func randomBytes(b []byte) { _, _ = rand.Read(b) }
