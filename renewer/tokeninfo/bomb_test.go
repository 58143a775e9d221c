package tokeninfo

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"runtime"
	"testing"
)

// countBomb007 is a 007 token whose content claims count services of
// type 4 (FPA), each with no privilege: a few hundred bytes that inflate
// to four bytes per claimed service.
func countBomb007(count int) string {
	p := header007(1700000000, 3600, uint16(count))
	for range count {
		p.u16(4).u16(0)
	}
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	zw.Write(p.Bytes())
	zw.Close()
	return "007" + base64.RawStdEncoding.EncodeToString(z.Bytes())
}

// TestInspectWorkIsBoundedByTheInput: a token whose counts claim many
// entries costs no more than a small multiple of its own size plus the
// inflater's fixed cost, whatever it inflates to.
func TestInspectWorkIsBoundedByTheInput(t *testing.T) {
	token := countBomb007(16000)
	if len(token) > 400 {
		t.Fatalf("test token is %d bytes; want a small one", len(token))
	}
	if _, err := Inspect(token); err == nil {
		t.Errorf("Inspect accepted a token claiming 16000 services")
	}
	allocs := testing.AllocsPerRun(10, func() { Inspect(token) })
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	Inspect(token)
	runtime.ReadMemStats(&after)
	bytesPerRun := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d-byte token: %v allocations, %d bytes", len(token), allocs, bytesPerRun)
	if allocs > 64 {
		t.Errorf("Inspect made %v allocations for a %d-byte token", allocs, len(token))
	}
	if limit := uint64(128<<10 + 16*len(token)); bytesPerRun > limit {
		t.Errorf("Inspect allocated %d bytes for a %d-byte token, want at most %d", bytesPerRun, len(token), limit)
	}
}
