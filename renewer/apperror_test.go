//go:build !js

package renewer_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// nilErr is an app's error type whose Error reads its receiver: a nil
// *nilErr in an error interface (Go's "nil error != nil") panics when read.
type nilErr struct{ msg string }

func (e *nilErr) Error() string { return e.msg }

// errAppSentinel is an app's own sentinel.
var errAppSentinel = errors.New("the app's sentinel")

// hostileErr is an app's error whose every method panics, but Error.
type hostileErr struct{}

func (hostileErr) Error() string        { return "hostile failure" }
func (hostileErr) Is(error) bool        { panic("Is panicked") }
func (hostileErr) As(any) bool          { panic("As panicked") }
func (hostileErr) Unwrap() error        { panic("Unwrap panicked") }
func (hostileErr) Timeout() bool        { panic("Timeout panicked") }
func (hostileErr) Temporary() bool      { panic("Temporary panicked") }
func (hostileErr) String() string       { panic("String panicked") }
func (hostileErr) GoString() string     { panic("GoString panicked") }
func (hostileErr) LogValue() slog.Value { panic("LogValue panicked") }

// appErrorSink records what the Listener and the Logger are given, reading
// each error as an error reporter would: its text and every level of its
// chain.
type appErrorSink struct {
	mu   sync.Mutex
	errs []error
	logs []string
	got  chan struct{}
	log  chan struct{}
}

func newAppErrorSink() *appErrorSink {
	return &appErrorSink{got: make(chan struct{}, 64), log: make(chan struct{}, 64)}
}

func (s *appErrorSink) Error(err error) {
	s.mu.Lock()
	s.errs = append(s.errs, err)
	s.mu.Unlock()
	walkChain(err, func(e error) { _ = e.Error() })
	select {
	case s.got <- struct{}{}:
	default:
	}
}

func (s *appErrorSink) Debug(msg string, args ...any) {
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info(msg, args...)
	slog.New(slog.NewJSONHandler(&b, nil)).Info(msg, args...)
	s.mu.Lock()
	s.logs = append(s.logs, b.String())
	s.mu.Unlock()
	select {
	case s.log <- struct{}{}:
	default:
	}
}

// walkChain calls f with err and every error below it, as errors.Is does.
func walkChain(err error, f func(error)) {
	for depth := 0; err != nil && depth < 32; depth++ {
		f(err)
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walkChain(e, f)
			}
			return
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		default:
			return
		}
	}
}

// startApp starts a renewer over src and store with sink as its Listener
// and Logger, and fails its first fetch with Refresh.
func startApp(t *testing.T, src renewer.Source, store renewer.Store) (*renewer.Renewer, *appErrorSink, error) {
	t.Helper()
	sink := newAppErrorSink()
	r, err := startRefresh(t, renewer.Config{Source: src, Store: store, StoreKey: "k", Logger: sink,
		Listener: renewer.ListenerFuncs{OnError: sink.Error}})
	return r, sink, err
}

// startRefresh starts a renewer on cfg, stopped and waited for when the
// test ends, and returns what its first Refresh returns. Ten seconds bound
// Start and Refresh, to catch a hang.
func startRefresh(t *testing.T, cfg renewer.Config) (*renewer.Renewer, error) {
	t.Helper()
	r, err := renewer.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Stop(); <-r.Done() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = r.Refresh(ctx)
	return r, err
}

// checkReadable reads err as every reporter would (its text, fmt's verbs,
// slog, Code, IsPermanent, errors.Is and errors.As down its chain) and
// checks that its text is want's.
func checkReadable(t *testing.T, what string, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error", what)
	}
	text := err.Error()
	_ = fmt.Sprintf("%v %+v %#v %s %q", err, err, err, err, err)
	slog.New(slog.NewTextHandler(&strings.Builder{}, nil)).Info("x", "err", err)
	_ = renewer.Code(err)
	_ = renewer.IsPermanent(err)
	_ = errors.Is(err, renewer.ErrPanic)
	var se *renewer.StatusError
	_ = errors.As(err, &se)
	_ = errors.Is(err, errAppSentinel) // asks the original, guarded
	var he hostileErr
	if errors.As(err, &he) {
		t.Errorf("%s: errors.As finds the app's original error", what)
	}
	walkChain(err, func(e error) { _ = e.Error() })
	if !strings.Contains(text, want) {
		t.Errorf("%s: text %q, want it to hold %q", what, text, want)
	}
}

// TestAppErrorTypedNilFromASourceIsReadSafely: a Source that returns a nil
// *T in a non-nil error crashes nothing; its error reads as its type's name.
func TestAppErrorTypedNilFromASourceIsReadSafely(t *testing.T) {
	src := renewer.SourceFunc(func(context.Context) (renewer.Token, error) {
		var e *nilErr
		return renewer.Token{}, e
	})
	r, sink, err := startApp(t, src, nil)
	checkReadable(t, "Refresh", err, "*renewer_test.nilErr")
	<-sink.got
	checkReadable(t, "Listener.Error", sink.errs[0], "*renewer_test.nilErr")
	checkReadable(t, "Stats().LastError", r.Stats().LastError, "*renewer_test.nilErr")
	if c := renewer.Code(r.Stats().LastError); c != "network" {
		t.Errorf("Code(LastError) %q, want network (an app error that says nothing else)", c)
	}
}

// TestAppErrorTypedNilPanicFromASourceIsReadSafely: a Source that panics
// with a nil *T error crashes nothing; the error matches ErrPanic.
func TestAppErrorTypedNilPanicFromASourceIsReadSafely(t *testing.T) {
	src := renewer.SourceFunc(func(context.Context) (renewer.Token, error) {
		var e *nilErr
		panic(e)
	})
	_, sink, err := startApp(t, src, nil)
	checkReadable(t, "Refresh", err, "source panicked: *renewer_test.nilErr")
	if !errors.Is(err, renewer.ErrPanic) {
		t.Errorf("%v does not match ErrPanic", err)
	}
	<-sink.got
	checkReadable(t, "Listener.Error", sink.errs[0], "*renewer_test.nilErr")
}

// panickyStore panics with a nil *nilErr from Load and Save.
type panickyStore struct{}

func (panickyStore) Load(context.Context, string) (renewer.Token, error) {
	var e *nilErr
	panic(e)
}

func (panickyStore) Save(context.Context, string, renewer.Token) error {
	var e fmt.Stringer = (*nilStringer)(nil)
	panic(e)
}

// nilStringer is a Stringer whose String reads its receiver.
type nilStringer struct{ s string }

func (n *nilStringer) String() string { return n.s }

// TestAppErrorTypedNilPanicFromAStoreIsReadSafely: a Store whose Load panics
// with a nil *T error, and whose Save panics with a nil Stringer, crashes
// nothing; both are reported as ErrStore and ErrPanic.
func TestAppErrorTypedNilPanicFromAStoreIsReadSafely(t *testing.T) {
	src := renewer.SourceFunc(func(context.Context) (renewer.Token, error) {
		return renewer.Token{Value: "tok", ExpiresAt: time.Now().Add(time.Hour)}, nil
	})
	_, sink, err := startApp(t, src, panickyStore{})
	if err != nil {
		t.Fatalf("Refresh = %v", err)
	}
	for range 2 {
		select {
		case <-sink.got:
		case <-time.After(10 * time.Second):
			t.Fatal("the Store's panics were not both reported")
		}
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	checkReadable(t, "Load's panic", sink.errs[0], "Store panicked: *renewer_test.nilErr")
	checkReadable(t, "Save's panic", sink.errs[1], "Store panicked: *renewer_test.nilStringer")
	for _, err := range sink.errs {
		if !errors.Is(err, renewer.ErrStore) || !errors.Is(err, renewer.ErrPanic) {
			t.Errorf("%v: want ErrStore and ErrPanic", err)
		}
	}
}

// TestAppErrorWhoseMethodsPanicIsReadSafely: an app error whose Is, As,
// Unwrap and Timeout panic crashes nothing when the renewer classifies it,
// nor when the app's own errors.Is and errors.As walk what it is given.
func TestAppErrorWhoseMethodsPanicIsReadSafely(t *testing.T) {
	src := renewer.SourceFunc(func(context.Context) (renewer.Token, error) {
		return renewer.Token{}, fmt.Errorf("wrapped: %w", hostileErr{})
	})
	r, sink, err := startApp(t, src, nil)
	checkReadable(t, "Refresh", err, "wrapped: hostile failure")
	<-sink.got
	checkReadable(t, "Listener.Error", sink.errs[0], "hostile failure")
	if c := renewer.Code(r.Stats().LastError); c != "network" {
		t.Errorf("Code(LastError) %q, want network", c)
	}
	<-sink.log
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.logs) == 0 || !strings.Contains(strings.Join(sink.logs, ""), "hostile failure") {
		t.Errorf("the Logger was not told of the failure: %q", sink.logs)
	}
}

// reentrantErr is an app's error whose Is and As call back into the
// renewer.
type reentrantErr struct{ r *renewer.Renewer }

func (e reentrantErr) Error() string { return "reentrant failure" }
func (e reentrantErr) Is(error) bool { _ = e.r.Stats(); return false }
func (e reentrantErr) As(any) bool   { _ = e.r.Stats(); return false }

// TestAppErrorMethodsNeverRunUnderTheLock: classifying a Source's error
// (the failure accounting, Stats, Code, IsPermanent) runs none of its
// methods with the renewer's lock held, so an Is or As that calls Stats
// deadlocks nothing; the app's own errors.Is still reaches it.
func TestAppErrorMethodsNeverRunUnderTheLock(t *testing.T) {
	var r *renewer.Renewer
	src := renewer.SourceFunc(func(context.Context) (renewer.Token, error) {
		return renewer.Token{}, reentrantErr{r}
	})
	r, err := renewer.New(renewer.Config{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := r.Refresh(ctx)
		_ = r.Stats()
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || renewer.Code(err) != "network" || renewer.IsPermanent(err) || errors.Is(err, errAppSentinel) {
			t.Errorf("Refresh = %v (code %q)", err, renewer.Code(err))
		}
		if s := r.Stats(); renewer.Code(s.LastError) != "network" {
			t.Errorf("Stats = %+v", s)
		}
	case <-ctx.Done():
		t.Fatal("the renewer deadlocked classifying an error whose Is calls Stats")
	}
}
