package mobile

import (
	"math"
	"testing"
	"time"
)

// TestHugeMillisecondsSaturate: Long.MAX_VALUE (and any count of
// milliseconds past what a Duration holds) means "as long as can be", not
// an overflow into a negative duration: Token and Refresh wait, a Wait
// does not end at once, and warnings stay on.
func TestHugeMillisecondsSaturate(t *testing.T) {
	for _, v := range []int64{math.MaxInt64, math.MaxInt64 / 1000, math.MaxInt64/int64(time.Millisecond) + 1} {
		if d := millis(v); d <= 0 || d < time.Duration(math.MaxInt64/int64(time.Millisecond))*time.Millisecond {
			t.Errorf("millis(%d) = %v, want the largest Duration", v, d)
		}
		if d := millis(-v); d >= 0 {
			t.Errorf("millis(%d) = %v, want a negative Duration", -v, d)
		}
		w := NewWait(v)
		if err := w.context().Err(); err != nil {
			t.Errorf("NewWait(%d) ended at once: %v", v, err)
		}
		w.Cancel()
		c := NewConfig()
		c.SetWarnBeforeMs(v)
		if c.c.WarnBefore <= 0 {
			t.Errorf("SetWarnBeforeMs(%d) set WarnBefore %v: warnings off", v, c.c.WarnBefore)
		}
	}
	srv, _ := tokenServer(t)
	cfg := NewConfig()
	cfg.SetURL(srv.URL)
	r := newStarted(t, cfg, nil)
	if tok, err := r.Token(math.MaxInt64); err != nil || tok == "" {
		t.Errorf("Token(Long.MAX_VALUE) = %q, %v; want the token", tok, err)
	}
	if tok, err := r.Refresh(math.MaxInt64); err != nil || tok == "" {
		t.Errorf("Refresh(Long.MAX_VALUE) = %q, %v; want a token", tok, err)
	}
}
