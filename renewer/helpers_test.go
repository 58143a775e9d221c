package renewer

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeSource is an in-memory token server. Each token lives life from the
// source's clock; fail, when set, decides whether call n fails.
type fakeSource struct {
	life  time.Duration
	clock func() time.Time

	mu       sync.Mutex
	n        int
	calls    []time.Time
	fail     func(n int, now time.Time) error
	block    chan struct{} // when set, Fetch waits for it to close
	same     bool          // hand back the last token again
	last     Token
	inFlight atomic.Int32
	maxSeen  atomic.Int32
}

func newFakeSource(life time.Duration) *fakeSource {
	return &fakeSource{life: life, clock: time.Now}
}

func (f *fakeSource) Fetch(ctx context.Context) (Token, error) {
	if n := f.inFlight.Add(1); n > f.maxSeen.Load() {
		f.maxSeen.Store(n)
	}
	defer f.inFlight.Add(-1)
	f.mu.Lock()
	f.n++
	n := f.n
	now := f.clock()
	f.calls = append(f.calls, now)
	fail, block, same, last := f.fail, f.block, f.same, f.last
	f.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
			return Token{}, ctx.Err()
		}
	}
	if fail != nil {
		if err := fail(n, now); err != nil {
			return Token{}, err
		}
	}
	if same && last.Value != "" {
		return last, nil
	}
	tok := Token{Value: "tok-" + strconv.Itoa(n), IssuedAt: now, ExpiresAt: now.Add(f.life)}
	f.mu.Lock()
	f.last = tok
	f.mu.Unlock()
	return tok, nil
}

func (f *fakeSource) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

func (f *fakeSource) callTimes() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.calls...)
}

func (f *fakeSource) set(fn func(*fakeSource)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

// recorder is a Listener that keeps every event.
type recorder struct {
	clock func() time.Time
	mu    sync.Mutex
	evs   []recEvent
}

type recEvent struct {
	kind string // "warn", "renew", "expired", "error"
	at   time.Time
	tok  Token
	left time.Duration
	err  error
}

func newRecorder() *recorder { return &recorder{clock: time.Now} }

func (r *recorder) add(e recEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e.at = r.clock()
	r.evs = append(r.evs, e)
}

func (r *recorder) TokenWillExpire(tok Token, left time.Duration) {
	r.add(recEvent{kind: "warn", tok: tok, left: left})
}
func (r *recorder) RenewToken(tok Token)   { r.add(recEvent{kind: "renew", tok: tok}) }
func (r *recorder) TokenExpired(tok Token) { r.add(recEvent{kind: "expired", tok: tok}) }
func (r *recorder) Error(err error)        { r.add(recEvent{kind: "error", err: err}) }

func (r *recorder) events(kind string) []recEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []recEvent
	for _, e := range r.evs {
		if kind == "" || e.kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// start makes and starts a renewer on src with rec as listener; the
// renewer is stopped when the test ends.
func start(t *testing.T, cfg Config) *Renewer {
	t.Helper()
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopAndWait(t, r) })
	return r
}

// stopAndWait stops r and waits until it is quiet, failing the test if
// that takes more than a minute (of fake time under synctest).
func stopAndWait(t testing.TB, r *Renewer) {
	t.Helper()
	r.Stop()
	select {
	case <-r.Done():
	case <-time.After(time.Minute):
		t.Errorf("renewer not quiet a minute after Stop")
	}
}

// shiftedClock is a wall clock that can jump ahead while timers (the
// monotonic clock) do not: what a device sleeping looks like.
type shiftedClock struct{ off atomic.Int64 }

func (c *shiftedClock) now() time.Time        { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *shiftedClock) sleep(d time.Duration) { c.off.Add(int64(d)) }

// waitCtx returns a context that ends after d, cancelled when the test ends.
func waitCtx(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// stuckSource returns a Source whose one fetch closes fetching and then
// ignores its context until release is closed, failing with errFlaky.
func stuckSource() (src Source, fetching, release chan struct{}) {
	fetching, release = make(chan struct{}), make(chan struct{})
	return SourceFunc(func(context.Context) (Token, error) {
		close(fetching)
		<-release // ignores ctx
		return Token{}, errFlaky
	}), fetching, release
}
