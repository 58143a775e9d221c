package renewer

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// The lifecycle contract: Stop returns at once whatever a server, Store,
// Logger, Listener or Source is doing; no callback begins after Stop
// returns; Done tells when the last has ended; and every callback may call
// every method of the Renewer without deadlock.

// returnsSoon runs f on a goroutine and fails the test unless it returns
// within a second of fake time, while everything else is blocked.
func returnsSoon(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatalf("%s did not return", what)
	}
}

// blockingStore is a Store whose Save waits for release, ignoring ctx.
type blockingStore struct {
	saving  chan struct{}
	release chan struct{}
	once    sync.Once
}

func (s *blockingStore) Load(context.Context, string) (Token, error) { return Token{}, nil }
func (s *blockingStore) Save(context.Context, string, Token) error {
	s.once.Do(func() { close(s.saving) })
	<-s.release
	return nil
}

func TestStopReturnsWhileAStoreSaveHangs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := &blockingStore{saving: make(chan struct{}), release: make(chan struct{})}
		r := start(t, Config{Source: newFakeSource(time.Hour), Store: st})
		<-st.saving
		returnsSoon(t, "Stop during a Store.Save", r.Stop)
		select {
		case <-r.Done():
			t.Fatal("Done closed while Save was still running")
		default:
		}
		close(st.release)
		<-r.Done()
	})
}

func TestStopReturnsWhileTheSourceIgnoresItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src, fetching, release := stuckSource()
		r := start(t, Config{Source: src})
		<-fetching
		returnsSoon(t, "Stop during a fetch that ignores its context", r.Stop)
		close(release)
		<-r.Done()
	})
}

// blockingListener blocks in RenewToken until release, and counts calls
// that begin after stopped was set.
type blockingListener struct {
	ListenerFuncs
	in, release chan struct{}
	stopped     atomic.Bool
	late        atomic.Int32
	calls       atomic.Int32
}

func (l *blockingListener) RenewToken(Token) {
	if l.stopped.Load() {
		l.late.Add(1)
	}
	if l.calls.Add(1) == 1 {
		close(l.in)
		<-l.release
	}
}

func (l *blockingListener) Error(error) {
	if l.stopped.Load() {
		l.late.Add(1)
	}
}

func TestStopReturnsWhileAListenerMethodRunsAndNoCallFollows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := &blockingListener{in: make(chan struct{}), release: make(chan struct{})}
		src := newFakeSource(time.Hour)
		r := start(t, Config{Source: src, Listener: l})
		<-l.in
		// Queue more events behind the blocked call.
		if _, err := r.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 2 { // two Stops at once: both return, neither waits
			wg.Go(func() { returnsSoon(t, "Stop during a Listener call", r.Stop) })
		}
		wg.Wait()
		l.stopped.Store(true)
		close(l.release)
		<-r.Done()
		if n := l.late.Load(); n != 0 {
			t.Errorf("%d Listener calls began after Stop returned", n)
		}
		if n := l.calls.Load(); n != 1 {
			t.Errorf("RenewToken called %d times; want only the one under way at Stop", n)
		}
	})
}

// blockingLogger blocks its first Debug call until release.
type blockingLogger struct {
	in, release chan struct{}
	once        sync.Once
}

func (b *blockingLogger) Debug(string, ...any) {
	b.once.Do(func() {
		close(b.in)
		<-b.release
	})
}

func TestAStuckLoggerHoldsNoLock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lg := &blockingLogger{in: make(chan struct{}), release: make(chan struct{})}
		r := start(t, Config{Source: newFakeSource(time.Hour), Logger: lg})
		<-lg.in
		returnsSoon(t, "Stats while the Logger is stuck", func() { r.Stats() })
		returnsSoon(t, "Stop while the Logger is stuck", r.Stop)
		close(lg.release)
		<-r.Done()
	})
}

// everyMethod calls every method of r from a callback, with the callback's
// ctx where it has one, and reports what Token returned.
func everyMethod(ctx context.Context, r *Renewer) error {
	tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	_, err := r.Token(tctx)
	_, _ = r.Refresh(tctx)
	r.Stats()
	_ = r.String()
	r.Resume()
	r.Invalidate("not-the-current-token")
	return err
}

func TestEveryCallbackMayCallEveryMethod(t *testing.T) {
	once := func(f func()) func() {
		var o sync.Once
		return func() { o.Do(f) }
	}
	cases := map[string]func(r **Renewer, hit func()) Config{
		"Listener.RenewToken": func(r **Renewer, hit func()) Config {
			return Config{Source: newFakeSource(time.Hour), Listener: ListenerFuncs{OnRenewToken: func(Token) {
				_ = everyMethod(context.Background(), *r)
				hit()
			}}}
		},
		"Listener.Error": func(r **Renewer, hit func()) Config {
			src := newFakeSource(time.Hour)
			src.fail = func(n int, _ time.Time) error {
				if n == 1 {
					return errFlaky
				}
				return nil
			}
			return Config{Source: src, Listener: ListenerFuncs{OnError: func(error) {
				_ = everyMethod(context.Background(), *r)
				hit()
			}}}
		},
		"Listener.TokenWillExpire": func(r **Renewer, hit func()) Config {
			src := newFakeSource(time.Minute)
			src.fail = func(n int, _ time.Time) error {
				if n > 1 {
					return errFlaky
				}
				return nil
			}
			return Config{Source: src, Listener: ListenerFuncs{OnTokenWillExpire: func(Token, time.Duration) {
				_ = everyMethod(context.Background(), *r)
				hit()
			}}}
		},
		"Listener.TokenExpired": func(r **Renewer, hit func()) Config {
			src := newFakeSource(time.Minute)
			src.fail = func(n int, _ time.Time) error {
				if n > 1 {
					return errFlaky
				}
				return nil
			}
			return Config{Source: src, Listener: ListenerFuncs{OnTokenExpired: func(Token) {
				_ = everyMethod(context.Background(), *r)
				hit()
			}}}
		},
		"OnFetch": func(r **Renewer, hit func()) Config {
			return Config{Source: newFakeSource(time.Hour), OnFetch: func(FetchInfo) {
				_ = everyMethod(context.Background(), *r)
				hit()
			}}
		},
		"Source.Fetch": func(r **Renewer, hit func()) Config {
			n := 0
			return Config{Source: SourceFunc(func(ctx context.Context) (Token, error) {
				n++
				if n == 1 {
					if err := everyMethod(ctx, *r); !errors.Is(err, ErrReentrant) {
						return Token{}, errors.New("Token from Fetch with no token: want ErrReentrant, got " + errString(err))
					}
					hit()
				}
				now := time.Now()
				return Token{Value: "tok", IssuedAt: now, ExpiresAt: now.Add(time.Hour)}, nil
			})}
		},
		"Store.Load": func(r **Renewer, hit func()) Config {
			return Config{Source: newFakeSource(time.Hour), Store: storeFuncs{load: func(ctx context.Context) (Token, error) {
				_ = everyMethod(ctx, *r)
				hit()
				return Token{}, nil
			}}}
		},
		"Store.Save": func(r **Renewer, hit func()) Config {
			return Config{Source: newFakeSource(time.Hour), Store: storeFuncs{save: func(ctx context.Context, _ Token) error {
				_ = everyMethod(ctx, *r)
				hit()
				return nil
			}}}
		},
		"Logger.Debug": func(r **Renewer, hit func()) Config {
			return Config{Source: newFakeSource(time.Hour), Logger: loggerFunc(func(string, ...any) {
				_ = everyMethod(context.Background(), *r)
				hit()
			})}
		},
	}
	for name, mk := range cases {
		for _, withStop := range []bool{false, true} {
			label := name
			if withStop {
				label += " then Stop"
			}
			t.Run(label, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					var r *Renewer
					hit := make(chan struct{})
					cfg := mk(&r, once(func() {
						if withStop {
							r.Stop()
						}
						close(hit)
					}))
					var err error
					if r, err = New(cfg); err != nil {
						t.Fatal(err)
					}
					startErr := make(chan error, 1)
					go func() { startErr <- r.Start(context.Background()) }()
					select {
					case <-hit:
					case <-time.After(3 * time.Hour):
						t.Fatalf("the %s callback never completed its calls", name)
					}
					if err := <-startErr; err != nil {
						t.Fatal(err)
					}
					r.Stop()
					select {
					case <-r.Done():
					case <-time.After(time.Minute):
						t.Fatal("renewer not quiet after Stop")
					}
				})
			})
		}
	}
}

func errString(err error) string {
	if err == nil {
		return "nil"
	}
	return err.Error()
}

// storeFuncs is a Store made of functions; a nil one does nothing.
type storeFuncs struct {
	load func(context.Context) (Token, error)
	save func(context.Context, Token) error
}

func (s storeFuncs) Load(ctx context.Context, _ string) (Token, error) {
	if s.load == nil {
		return Token{}, nil
	}
	return s.load(ctx)
}

func (s storeFuncs) Save(ctx context.Context, _ string, tok Token) error {
	if s.save == nil {
		return nil
	}
	return s.save(ctx, tok)
}

// loggerFunc is a Logger made of a function.
type loggerFunc func(msg string, args ...any)

func (f loggerFunc) Debug(msg string, args ...any) { f(msg, args...) }

func TestSourceMayUseTheCurrentTokenToFetchTheNext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r *Renewer
		var seen []string
		n := 0
		src := SourceFunc(func(ctx context.Context) (Token, error) {
			if n > 0 {
				old, err := r.Token(ctx) // still valid: served at once
				if err != nil {
					return Token{}, err
				}
				seen = append(seen, old.Value)
			}
			n++
			now := time.Now()
			return Token{Value: "tok-" + string(rune('a'+n)), IssuedAt: now, ExpiresAt: now.Add(time.Hour)}, nil
		})
		var err error
		r, err = New(Config{Source: src})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer stopAndWait(t, r)
		if _, err := r.Token(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(seen) != 1 || seen[0] != "tok-b" {
			t.Errorf("the second fetch saw %q; want the first token", seen)
		}
	})
}

// overlapStore fails the test when Load and Save overlap.
type overlapStore struct {
	t      *testing.T
	r      **Renewer
	inUse  atomic.Int32
	saved  chan struct{}
	once   sync.Once
	loaded atomic.Bool
}

func (s *overlapStore) enter() {
	if s.inUse.Add(1) != 1 {
		s.t.Error("Store.Load and Store.Save overlap")
	}
}

func (s *overlapStore) Load(ctx context.Context, _ string) (Token, error) {
	s.enter()
	defer s.inUse.Add(-1)
	// A Load that asks for a token makes the renewer fetch, and save,
	// while Load is still running.
	if _, err := (*s.r).Token(ctx); err != nil {
		s.t.Errorf("Token from Store.Load: %v", err)
	}
	time.Sleep(time.Second)
	s.loaded.Store(true)
	return Token{}, nil
}

func (s *overlapStore) Save(context.Context, string, Token) error {
	s.enter()
	defer s.inUse.Add(-1)
	if !s.loaded.Load() {
		s.t.Error("Save began before Load returned")
	}
	s.once.Do(func() { close(s.saved) })
	return nil
}

func TestStoreLoadNeverOverlapsASave(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r *Renewer
		st := &overlapStore{t: t, r: &r, saved: make(chan struct{})}
		var err error
		if r, err = New(Config{Source: newFakeSource(time.Hour), Store: st}); err != nil {
			t.Fatal(err)
		}
		if err := r.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer stopAndWait(t, r)
		<-st.saved
	})
}

func TestTokenWaitsAcrossTransientFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		src.fail = func(n int, _ time.Time) error {
			if n <= 3 {
				return errFlaky
			}
			return nil
		}
		r := start(t, Config{Source: src})
		tok, err := r.Token(waitCtx(t, time.Minute))
		if err != nil || tok.Value != "tok-4" {
			t.Errorf("Token() = %v, %v; want the token of the fourth fetch, after three failures", tok, err)
		}
	})
}

func TestTokenGivesUpWithTheContextAndTheLastFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		src.fail = func(int, time.Time) error { return errFlaky }
		r := start(t, Config{Source: src})
		_, err := r.Token(waitCtx(t, 10*time.Second))
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, errFlaky) || errors.Is(err, ErrExpired) || Code(err) != "timeout" {
			t.Errorf("Token() = %v (code %q); want the deadline wrapping the last failure, code timeout", err, Code(err))
		}
		var we *WaitError
		if !errors.As(err, &we) || we.Err != context.DeadlineExceeded || !errors.Is(we.Last, errFlaky) || we.Expired {
			t.Errorf("Token() = %#v; want a *WaitError with the deadline, the last failure and Expired false", err)
		}
		if n := src.count(); n < 3 {
			t.Errorf("%d fetches in 10 s; want the renewer to go on retrying while Token waits", n)
		}
	})
}

func TestInvalidateOfAReplacedTokenCostsNoFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		r := start(t, Config{Source: src})
		old, _ := r.Token(context.Background())
		time.Sleep(time.Second)
		if _, err := r.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		r.Invalidate(old.Value) // a late rejection of the replaced token
		synctest.Wait()
		if n := src.count(); n != 2 {
			t.Errorf("%d fetches; want 2: the rejected token was already replaced", n)
		}
		cur, _ := r.Token(context.Background())
		r.Invalidate(cur.Value)
		if tok, err := r.Token(context.Background()); err != nil || tok.Value == cur.Value {
			t.Errorf("Token() after invalidating the current token = %v, %v; want a new one", tok, err)
		}
	})
}
