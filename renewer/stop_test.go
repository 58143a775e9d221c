package renewer

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// Stop means stopped: no call into app code (Source, Store, Logger,
// Listener) begins after Stop returns, Done waits for every one under way,
// and Stop wakes every waiting caller at once. App code never runs with
// the renewer's lock held, an error's own methods included.

// TestNoFetchBeginsAfterStopReturns: Start then Stop at once; the fetch
// Start asked for may have begun before Stop, never after it returned.
func TestNoFetchBeginsAfterStopReturns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		late := 0
		for range 50 {
			var stopped, began atomic.Bool
			src := SourceFunc(func(context.Context) (Token, error) {
				began.Store(stopped.Load())
				return Token{}, errFlaky
			})
			r, err := New(Config{Source: src})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			r.Stop()
			stopped.Store(true)
			<-r.Done()
			if began.Load() {
				late++
			}
		}
		if late != 0 {
			t.Errorf("Source.Fetch began after Stop returned in %d of 50 runs", late)
		}
	})
}

// TestDoneWaitsForAStoreLoadStartedOnAnotherGoroutine: Start reads the
// Store on its caller's goroutine; Done waits for that call too.
func TestDoneWaitsForAStoreLoadStartedOnAnotherGoroutine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		loading, release := make(chan struct{}), make(chan struct{})
		src := newFakeSource(time.Hour)
		r, err := New(Config{Source: src, Store: storeFuncs{load: func(context.Context) (Token, error) {
			close(loading)
			<-release // ignores ctx
			return Token{}, nil
		}}})
		if err != nil {
			t.Fatal(err)
		}
		started := make(chan error, 1)
		go func() { started <- r.Start(context.Background()) }()
		<-loading
		r.Stop()
		synctest.Wait()
		select {
		case <-r.Done():
			t.Error("Done closed while the Store.Load Start made was still running")
		default:
		}
		close(release)
		<-r.Done()
		if err := <-started; err != nil {
			t.Errorf("Start = %v", err)
		}
		if n := src.count(); n != 0 {
			t.Errorf("%d fetches after Stop", n)
		}
	})
}

// TestStopWakesCallersJoinedToTheFetchInFlight: Token and Refresh callers
// waiting on a fetch whose Source ignores ctx fail with ErrStopped at once,
// not when the Source returns.
func TestStopWakesCallersJoinedToTheFetchInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src, fetching, release := stuckSource()
		r := start(t, Config{Source: src})
		<-fetching
		results := make(chan error, 2)
		go func() { _, err := r.Token(context.Background()); results <- err }()
		go func() { _, err := r.Refresh(context.Background()); results <- err }()
		synctest.Wait() // both joined the fetch in flight
		r.Stop()
		for _, name := range []string{"first", "second"} {
			select {
			case err := <-results:
				if !errors.Is(err, ErrStopped) {
					t.Errorf("%s waiting call = %v; want ErrStopped", name, err)
				}
			case <-time.After(time.Second):
				t.Errorf("%s waiting call not woken by Stop", name)
			}
		}
		close(release)
		<-r.Done()
		for range len(results) {
			<-results
		}
	})
}

// lateLogger records the lines it receives once stopped is set.
type lateLogger struct {
	stopped atomic.Bool
	mu      sync.Mutex
	late    []string
}

func (l *lateLogger) Debug(msg string, args ...any) {
	if l.stopped.Load() {
		l.mu.Lock()
		l.late = append(l.late, msg)
		l.mu.Unlock()
	}
}

func (l *lateLogger) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.late)
}

// TestNoStoreFailureIsLoggedAfterStop: a Store.Save that fails after Stop
// is not logged (nor reported).
func TestNoStoreFailureIsLoggedAfterStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		saving, release := make(chan struct{}), make(chan struct{})
		lg := &lateLogger{}
		r := start(t, Config{Source: newFakeSource(time.Hour), Logger: lg,
			Store: storeFuncs{save: func(context.Context, Token) error {
				close(saving)
				<-release
				return errors.New("disk full")
			}}})
		<-saving
		synctest.Wait()
		r.Stop()
		lg.stopped.Store(true)
		close(release)
		<-r.Done()
		if late := lg.lines(); len(late) != 0 {
			t.Errorf("logged after Stop returned: %q", late)
		}
	})
}

// lockCheckingErr is a Source's error whose Is method calls Stats, and
// notes whether it found the renewer's lock held.
type lockCheckingErr struct {
	r    **Renewer
	held *atomic.Int32
}

func (e lockCheckingErr) Error() string { return "flaky, with methods" }

func (e lockCheckingErr) Is(error) bool {
	r := *e.r
	if !r.mu.TryLock() {
		e.held.Add(1) // calling Stats now would deadlock
		return false
	}
	r.mu.Unlock()
	r.Stats()
	return false
}

// TestAnErrorsMethodsRunWithNoLockHeld: a Source error's Is method may
// call Stats: neither the failure accounting nor Stats calls it with the
// renewer's lock held.
func TestAnErrorsMethodsRunWithNoLockHeld(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r *Renewer
		var held atomic.Int32
		src := SourceFunc(func(context.Context) (Token, error) {
			return Token{}, lockCheckingErr{&r, &held}
		})
		var err error
		if r, err = New(Config{Source: src}); err != nil {
			t.Fatal(err)
		}
		if err := r.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { stopAndWait(t, r) })
		if _, err := r.Refresh(context.Background()); err == nil {
			t.Fatal("Refresh succeeded; want the Source's error")
		}
		s := r.Stats()
		if Code(s.LastError) != "network" || s.Failures == 0 {
			t.Errorf("Stats = %+v; want the failure counted, code network", s)
		}
		if n := held.Load(); n != 0 {
			t.Errorf("the error's Is method ran %d times with the renewer's lock held", n)
		}
	})
}

// checkedSource is a Source whose CheckToken counts its calls.
type checkedSource struct {
	*fakeSource
	checks atomic.Int32
}

func (s *checkedSource) CheckToken(Token) error { s.checks.Add(1); return nil }

// TestNoIdentityCheckBeginsAfterStopReturns: a stored token Start loaded
// while Stop came is not handed to the Source's CheckToken after Stop
// returned, and Done waits for no check that never began.
func TestNoIdentityCheckBeginsAfterStopReturns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		loading, release := make(chan struct{}), make(chan struct{})
		src := &checkedSource{fakeSource: newFakeSource(time.Hour)}
		r, err := New(Config{Source: src, Store: storeFuncs{load: func(context.Context) (Token, error) {
			close(loading)
			<-release
			return Token{Value: "stored", ExpiresAt: time.Now().Add(time.Hour)}, nil
		}}})
		if err != nil {
			t.Fatal(err)
		}
		started := make(chan error, 1)
		go func() { started <- r.Start(context.Background()) }()
		<-loading
		r.Stop()
		close(release)
		<-r.Done()
		<-started
		if n := src.checks.Load(); n != 0 {
			t.Errorf("CheckToken called %d times after Stop returned", n)
		}
	})
}
