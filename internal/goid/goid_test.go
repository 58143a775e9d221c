package goid

import "testing"

func TestIDDiffersAcrossGoroutinesAndIsStable(t *testing.T) {
	me := ID()
	if me == 0 || ID() != me {
		t.Fatalf("ID() = %d, then %d; want a stable non-zero id", me, ID())
	}
	other := make(chan uint64)
	go func() { other <- ID() }()
	if o := <-other; o == 0 || o == me {
		t.Errorf("another goroutine's ID() = %d; want non-zero and not %d", o, me)
	}
}
