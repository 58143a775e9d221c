package renewer

import (
	"context"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
)

// The lifecycle: Start, Pause and Resume, Stop and Done, and the timer.

// Start starts keeping the token fresh: from Config.Seed or the Store's
// token when one is still valid (with no fetch unless it is already due for
// renewal), else with a fetch at once. ctx bounds Start's own work (reading
// the Store), not the renewer's life: Stop ends that. Start calls
// Store.Load on the calling goroutine, with no lock held, unless Stop was
// called first; Done waits for that call as for the renewer's own. It fails
// with ErrAlreadyStarted when the renewer is running, and with ErrStopped
// after Stop: a stopped renewer cannot be started again.
func (r *Renewer) Start(ctx context.Context) error {
	r.mu.Lock()
	switch r.state {
	case running:
		r.mu.Unlock()
		return ErrAlreadyStarted
	case stopped:
		r.mu.Unlock()
		return ErrStopped
	}
	r.state = running
	var seed Token
	if r.opts.seed != nil {
		seed, r.opts.seed = *r.opts.seed, nil
	}
	r.mu.Unlock()

	var loadErr error
	if st := r.store; st != nil {
		st.sem <- struct{}{}
		if r.enter() {
			loadErr = r.makeKey(ctx, st)
			if loadErr == nil && seed.Value == "" && r.admit() {
				loadErr = r.storeCall(func() (err error) { seed, err = st.s.Load(ctx, st.key); return err })
				// A stored token is checked as New checked the seed, and,
				// as every call into app code, only while the renewer runs.
				if c, ok := r.src.(TokenChecker); ok && loadErr == nil && seed.Value != "" && r.admit() {
					if err := appCall("CheckToken", func() error { return c.CheckToken(seed) }); err != nil {
						seed, loadErr = Token{}, errtext.Pair(ErrStore, r.Redact(err, seed))
					}
				}
			}
			r.leave()
		}
		<-st.sem
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.active() {
		return nil
	}
	if loadErr != nil {
		r.emit(event{kind: evError, err: loadErr})
	}
	now := r.wall()
	if seed.Value != "" && r.cur.Load() == nil {
		if err := r.complete(&seed, now); err == nil {
			r.setCurrent(seed)
			r.emit(event{kind: evRenew, tok: seed})
		}
	}
	if r.cur.Load() == nil {
		r.want(now, TriggerStart)
	}
	r.tick(now, TriggerScheduled)
	return nil
}

// Pause tells the renewer the app went to the background: it starts no
// fetch of its own (no scheduled renewal, no retry) and holds no timer
// until Resume. A fetch in flight completes. Token, Refresh and Invalidate
// still work: a call the app makes is the app's to make.
func (r *Renewer) Pause() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.active() {
		return
	}
	r.paused = true
	if r.timer != nil {
		r.timer.Stop()
	}
}

// Resume tells the renewer the app is back: in the foreground, online, or
// the tab visible; it ends a Pause. It checks the wall clock at once (a
// timer may have slept through the renewal time), ends a wait after a
// permanent failure, and moves a planned retry to now, skipping the backoff
// but never earlier than a server's Retry-After or the request limits
// allow.
func (r *Renewer) Resume() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.active() {
		return
	}
	r.paused = false
	now := r.wall()
	if r.resumeEndsWait() {
		r.blocked = false
		r.fetchNow(now, TriggerResume)
	}
	r.tick(now, TriggerResume)
}

// Stop stops the renewer: it cancels the fetch in progress, drops events
// and log lines not yet delivered, and fails every waiting Token and
// Refresh call with ErrStopped at once, those that joined the fetch in
// flight included, whatever its Source does. It returns at once: it does
// not wait for a fetch, a Store call, a Logger or Listener call in progress
// (which may be the one calling Stop), and none begins after Stop returns:
// a Source, Store, Logger, Listener or OnFetch call that has not begun by
// then never does, and nothing fails or logs on account of what Stop
// cancelled. Use Done to wait until the calls under way have ended. Calls
// after the first do nothing.
func (r *Renewer) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state == stopped {
		return
	}
	r.state = stopped // active is false from now on: no app call begins
	r.cur.Store(nil)  // Token now says ErrStopped
	if r.call != nil {
		r.call.cancel()
	}
	if r.timer != nil {
		r.timer.Stop()
	}
	if r.queue != nil {
		r.queue.events = nil // its goroutine ends at its next look
	}
	r.planned = 0
	for _, cl := range [...]*call{r.call, r.next} {
		if cl != nil {
			cl.err = ErrStopped
			close(cl.done)
		}
	}
	r.call, r.next = nil, nil // finish leaves a stopped fetch's call alone
	r.quiesce()
}

// Done returns a channel that is closed once the renewer has been stopped
// and every goroutine it started (fetches, Store saves, event delivery)
// and every app call it made on another goroutine (the Store.Load of
// Start) has ended, so that no callback of the renewer runs any more. A
// Source or Store that ignores its context delays it. Waiting on Done from
// inside a callback waits for that callback itself.
func (r *Renewer) Done() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state == stopped && r.live == 0 {
		return closedChan
	}
	if r.done == nil {
		r.done = make(chan struct{})
	}
	return r.done
}

// quiesce closes the Done channel once the renewer is stopped and no
// goroutine or app call of it is left. r.mu is held.
func (r *Renewer) quiesce() {
	if r.state == stopped && r.live == 0 && r.done != nil {
		close(r.done)
		r.done = nil
	}
}

// active reports whether the renewer has been started and not stopped. It
// is the one test of "stopped" in front of app code: a Source, Store,
// Logger, Listener or OnFetch call begins only after active said true under
// r.mu, on a goroutine r.live counts from before that test until the call
// has returned. Stop makes it false under r.mu, so no such call begins
// after Stop returns, and Done waits for those under way. r.mu is held.
func (r *Renewer) active() bool { return r.state == running }

// admit tells a goroutine that r.live already counts (one of the
// renewer's own, or a caller's between enter and leave) whether it may
// call app code now (see active).
func (r *Renewer) admit() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.active()
}

// enter tells a caller's goroutine whether it may call app code now (see
// active); when it may, enter counts it in r.live until leave.
func (r *Renewer) enter() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.active() {
		return false
	}
	r.live++
	return true
}

// leave ends what enter or startFetch counted in r.live.
func (r *Renewer) leave() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.live--
	r.quiesce()
}

// kick runs the schedule now, for Token after a missed renewal time.
func (r *Renewer) kick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.active() {
		r.tick(r.wall(), TriggerScheduled)
	}
}

// onTimer runs the schedule when the timer fires.
func (r *Renewer) onTimer() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.active() {
		r.tick(r.wall(), TriggerScheduled)
	}
}
