package permanent

import (
	"errors"
	"fmt"
	"testing"
)

func TestMark(t *testing.T) {
	if Mark(nil) != nil {
		t.Error("Mark(nil) is not nil")
	}
	base := errors.New("base")
	m := Mark(base)
	if !Marked(m) || !errors.Is(m, base) || m.Error() != "base" {
		t.Errorf("Mark(base) = %v: marked %t, is base %t", m, Marked(m), errors.Is(m, base))
	}
	if w := fmt.Errorf("wrapped: %w", m); !Marked(w) {
		t.Error("a wrapped mark is not seen")
	}
	if Marked(base) || Marked(nil) {
		t.Error("an unmarked error reads as marked")
	}
}
