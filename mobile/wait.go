package mobile

import (
	"context"
	"math"
	"sync"
	"time"
)

// A Wait is one cancelable wait for a token, for the Kotlin and Swift
// layers that turn AwaitToken and AwaitRefresh into suspend and async
// functions: they call the blocking method on a thread of their own and
// Cancel when the coroutine or task is cancelled. Make it with NewWait; use
// it for one call.
//
// Cancel is safe to call from any thread, before, during or after the
// call, any number of times.
type Wait struct {
	ctx    context.Context
	cancel context.CancelFunc
	mu     sync.Mutex
	err    *TokenError
}

// NewWait returns a Wait that ends after timeoutMs milliseconds, or only
// when cancelled if timeoutMs is 0 or less. A timeout past what Go's
// durations hold (Long.MAX_VALUE) is the longest one, about 292 years.
func NewWait(timeoutMs int64) *Wait {
	w := &Wait{}
	if timeoutMs > 0 {
		w.ctx, w.cancel = context.WithTimeout(context.Background(), millis(timeoutMs))
	} else {
		w.ctx, w.cancel = context.WithCancel(context.Background())
	}
	return w
}

// Cancel ends the wait: the call blocked on it fails with ErrorCodeCanceled
// at once (ErrorCodeTimeout is for a wait that ran out of time). A fetch it
// joined goes on.
func (w *Wait) Cancel() {
	if w != nil && w.cancel != nil {
		w.cancel()
	}
}

// Failure describes how the last call with this Wait failed, with whether
// the failure is permanent, which a thrown error's text does not carry; nil
// after a success or before any call.
func (w *Wait) Failure() *TokenError {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// context returns w's context, a background one for a nil or zero Wait.
func (w *Wait) context() context.Context {
	if w == nil || w.ctx == nil {
		return context.Background()
	}
	return w.ctx
}

// end records err as the outcome of a call and returns it.
func (w *Wait) end(err error) error {
	if w != nil {
		w.mu.Lock()
		w.err = newTokenError(err)
		w.mu.Unlock()
	}
	return err
}

// millis converts ms milliseconds to a Duration, saturating at the largest
// and smallest Durations (about 292 years) instead of overflowing: Kotlin's
// Long.MAX_VALUE means "as long as can be", never a negative duration that
// would end a wait at once or turn a warning off. Every millisecond count
// the faces take goes through it.
func millis(ms int64) time.Duration {
	const limit = math.MaxInt64 / int64(time.Millisecond)
	switch {
	case ms > limit:
		return math.MaxInt64
	case ms < -limit:
		return math.MinInt64
	}
	return time.Duration(ms) * time.Millisecond
}
