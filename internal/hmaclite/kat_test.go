package hmaclite

import (
	"encoding/hex"
	"testing"
)

// TestSumKnownAnswer is RFC 4231's test case 2.
func TestSumKnownAnswer(t *testing.T) {
	got := Sum([]byte("Jefe"), []byte("what do ya want for nothing?"))
	if want := "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"; hex.EncodeToString(got[:]) != want {
		t.Errorf("Sum = %x; want %s", got, want)
	}
}
