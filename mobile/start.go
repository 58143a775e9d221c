package mobile

import (
	"context"
	"sync"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// startGate runs the Go renewer's Start on a goroutine of its own, so that
// Renewer.Start returns at once while the Store loads (a Keystore or a
// Keychain may take a while on a cold start, and the Kotlin and Swift layers
// start on the main thread). Until that Start has returned:
//   - a waiting call waits for it first (see wait), within its own timeout;
//   - Pause and Resume are remembered and applied once it returns;
//   - Stop ends it, and every wait, at once.
//
// mu guards started, done and paused; ready is closed once the Go renewer's
// Start has returned, stopped once Stop is called.
type startGate struct {
	mu      sync.Mutex
	started bool // Start was called
	done    bool // the Go renewer's Start has returned
	paused  *bool
	ready   chan struct{}
	stopped chan struct{}
	stop    sync.Once
}

func newStartGate() *startGate {
	return &startGate{ready: make(chan struct{}), stopped: make(chan struct{})}
}

// start starts r on a goroutine, or fails with ErrAlreadyStarted or
// ErrStopped. report receives what the goroutine recovers.
func (g *startGate) start(r *renewer.Renewer, report func(any)) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.isStopped():
		return renewer.ErrStopped
	case g.started:
		return renewer.ErrAlreadyStarted
	}
	g.started = true
	go func() {
		defer close(g.ready)
		defer func() {
			if p := recover(); p != nil {
				report(p)
			}
		}()
		_ = r.Start(context.Background()) // Stop before it began: ErrStopped, and nobody waits
		g.mu.Lock()
		defer g.mu.Unlock()
		g.done = true
		if g.paused != nil && *g.paused {
			r.Pause()
		}
	}()
	return nil
}

// pause records Pause (paused true) or Resume before the Go renewer's Start
// has returned, and reports whether it did; after, the caller calls r.
func (g *startGate) pause(paused bool) (recorded bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.done || !g.started {
		return false
	}
	g.paused = &paused
	return true
}

// wait waits for the Go renewer's Start to return, for Stop, or for ctx.
// It returns ctx's error only when ctx ended first.
func (g *startGate) wait(ctx context.Context) error {
	g.mu.Lock()
	started := g.started
	g.mu.Unlock()
	if !started { // the Go renewer answers ErrNotStarted
		return nil
	}
	select {
	case <-g.ready:
		return nil
	case <-g.stopped:
		return nil
	default:
	}
	select {
	case <-g.ready:
	case <-g.stopped:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// close ends every wait: the Go renewer is stopped.
func (g *startGate) close() { g.stop.Do(func() { close(g.stopped) }) }

func (g *startGate) isStopped() bool {
	select {
	case <-g.stopped:
		return true
	default:
		return false
	}
}
