package renewer

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any test leaves a goroutine behind. Under
// js/wasm the runtime parks one goroutine of its own in handleEvent after a
// JavaScript callback (the fetch transport's): it is not a leak.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("runtime.handleEvent"))
}
