package renewer

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cenkalti/backoff/v4"
	"github.com/tokenrenew/tokenrenew/internal/goid"
)

// A Renewer keeps one token fresh. Create it with New, then Start it; every
// method is safe for concurrent use. See the package documentation for the
// model.
type Renewer struct {
	src   Source
	sched schedule
	opts  options
	now   func() time.Time // the wall clock; tests shift it to mimic sleep

	cur atomic.Pointer[current] // read without locks by Token

	mu          sync.Mutex
	state       runState
	cancelFetch context.CancelFunc // cancels the fetch in flight; Stop calls it
	timer       *time.Timer
	call        *call // the fetch in flight, or nil
	next        *call // callers waiting for the next fetch, or nil
	blocked     bool  // a permanent failure: wait for Refresh or Resume
	retryAt     time.Time
	lastErr     error
	invalidated string                      // the value the app rejected: not progress if it comes back
	bo          *backoff.ExponentialBackOff // from the first failure to the next success
	warned      bool                        // TokenWillExpire sent for the current token
	expiredSent bool                        // TokenExpired sent for the current token
	queue       []event
	delivering  bool
	deliverDone chan struct{}  // closed when the event goroutine ends; nil when none runs
	deliverer   atomic.Uint64  // goroutine id of the event goroutine, or 0
	wg          sync.WaitGroup // fetch goroutines
	saveMu      sync.Mutex
	counts      counters
}

// options are the parts of Config a Renewer keeps after New: an idle
// renewer should weigh little (see BENCHMARKS.md, row 4).
type options struct {
	listener       Listener // nil: no events are queued at all
	store          Store
	logger         Logger
	seed           *Token // dropped by Start
	requestTimeout time.Duration
	fallbackTTL    time.Duration
	wakeInterval   time.Duration
	minBackoff     time.Duration
}

// counters are the counts Stats reports.
type counters struct {
	fetches, renewals, failures, expirations, consecutiveFailures int64
}

type runState uint8

const (
	idle runState = iota
	running
	stopped
)

// current is the token being served and its schedule. It is immutable but
// for kicked, which makes Token ask for a renewal at most once per token.
type current struct {
	tok     Token
	renewAt time.Time
	warnAt  time.Time
	kicked  atomic.Bool
}

// call is one fetch and the callers waiting for it, as in singleflight.
type call struct {
	done chan struct{}
	tok  Token
	err  error
}

// New returns a Renewer for cfg, not yet started. It fails with
// ErrInsecureURL or ErrInvalidURL when cfg.URL is not usable, and when
// neither URL nor Source is set.
func New(cfg Config) (*Renewer, error) {
	cfg = cfg.withDefaults()
	r := &Renewer{sched: newSchedule(cfg), now: time.Now, opts: options{
		listener:       cfg.Listener,
		store:          cfg.Store,
		logger:         loggerOrNil(cfg.Logger),
		requestTimeout: cfg.RequestTimeout,
		fallbackTTL:    cfg.FallbackTTL,
		wakeInterval:   cfg.WakeInterval,
		minBackoff:     cfg.MinBackoff,
	}}
	if cfg.Seed.Value != "" {
		seed := cfg.Seed
		r.opts.seed = &seed
	}
	switch {
	case cfg.Source != nil:
		r.src = cfg.Source
	case cfg.URL == "":
		return nil, errors.New("renewer: Config needs a URL or a Source")
	default:
		s, err := newHTTPSource(cfg, func() time.Time { return r.now() })
		if err != nil {
			return nil, err
		}
		r.src = s
	}
	return r, nil
}

// String describes the renewer without its token.
func (r *Renewer) String() string {
	s := r.Stats()
	return "renewer.Renewer{valid:" + strconv.FormatBool(s.Valid) + ", expires:" + s.ExpiresAt.UTC().Format(time.RFC3339) +
		", renewals:" + strconv.FormatInt(s.Renewals, 10) + ", failures:" + strconv.FormatInt(s.Failures, 10) + "}"
}

// Format implements fmt.Formatter: every verb prints String.
func (r *Renewer) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(r.String())) }

// Start starts keeping the token fresh: from Config.Seed or the Store's
// token when one is still valid (with no fetch unless it is already due for
// renewal), else with a fetch at once. ctx bounds Start's own work (reading
// the Store), not the renewer's life: Stop ends that.
func (r *Renewer) Start(ctx context.Context) error {
	r.mu.Lock()
	switch r.state {
	case running:
		r.mu.Unlock()
		return errors.New("renewer: already started")
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

	if seed.Value == "" && r.opts.store != nil {
		var tok Token
		err := storeCall(func() (err error) { tok, err = r.opts.store.Load(ctx); return err })
		if err != nil {
			r.mu.Lock()
			r.emit(event{kind: evError, err: err})
			r.mu.Unlock()
		}
		seed = tok
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if seed.Value != "" && r.state == running && r.cur.Load() == nil {
		if err := r.complete(&seed, now); err == nil {
			r.setCurrent(seed)
			r.emit(event{kind: evRenew, tok: seed})
		}
	}
	if r.state == running {
		r.tick(now)
	}
	return nil
}

// Token returns the current token. While it is valid (by the wall clock)
// Token neither locks nor allocates nor waits for a renewal in progress.
// With no valid token it waits for the next fetch, shared by every caller,
// until ctx ends; a caller that gives up does not cancel the fetch. After a
// permanent failure with no valid token it returns that failure at once.
func (r *Renewer) Token(ctx context.Context) (Token, error) {
	if c := r.cur.Load(); c != nil {
		now := r.now()
		if c.tok.ValidAt(now) {
			if !now.Before(c.renewAt) && c.kicked.CompareAndSwap(false, true) {
				r.kick() // a timer slept through the renewal time
			}
			return c.tok, nil
		}
	}
	return r.tokenSlow(ctx)
}

func (r *Renewer) tokenSlow(ctx context.Context) (Token, error) {
	r.mu.Lock()
	now := r.now()
	switch {
	case r.state == idle:
		r.mu.Unlock()
		return Token{}, ErrNotStarted
	case r.state == stopped:
		r.mu.Unlock()
		return Token{}, ErrStopped
	}
	if c := r.cur.Load(); c != nil && c.tok.ValidAt(now) {
		r.mu.Unlock()
		return c.tok, nil
	}
	if r.blocked {
		err := r.lastErr
		r.mu.Unlock()
		return Token{}, err
	}
	cl := r.call
	if cl == nil {
		if r.retryAt.IsZero() || !now.Before(r.retryAt) {
			r.startFetch(now)
			cl = r.call
		} else {
			if r.next == nil {
				r.next = &call{done: make(chan struct{})}
			}
			cl = r.next // wait for the retry the backoff planned
		}
	}
	r.mu.Unlock()
	return cl.wait(ctx)
}

func (c *call) wait(ctx context.Context) (Token, error) {
	select {
	case <-c.done:
		return c.tok, c.err
	case <-ctx.Done():
		return Token{}, ctx.Err()
	}
}

// Refresh fetches a new token now, or joins the fetch in progress, and
// returns its result. It ends a wait after a permanent failure.
func (r *Renewer) Refresh(ctx context.Context) (Token, error) {
	r.mu.Lock()
	if r.state != running {
		err := ErrNotStarted
		if r.state == stopped {
			err = ErrStopped
		}
		r.mu.Unlock()
		return Token{}, err
	}
	r.blocked = false
	if r.call == nil {
		r.startFetch(r.now())
	}
	cl := r.call
	r.mu.Unlock()
	return cl.wait(ctx)
}

// Invalidate drops the current token, for when the service it is for
// rejected it (an Agora 109/110, a 401 from the media server), and fetches a
// new one at once. A fetch that returns the dropped token again counts as a
// failure.
func (r *Renewer) Invalidate() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state != running {
		return
	}
	if c := r.cur.Load(); c != nil {
		r.invalidated = c.tok.Value
		r.cur.Store(nil)
	}
	now := r.now()
	if r.call == nil && !r.blocked {
		r.startFetch(now)
	}
	r.arm(now)
}

// Resume tells the renewer the app is back: in the foreground, online, or
// the tab visible. It checks the wall clock at once (a timer may have slept
// through the renewal time), retries now if a retry was waiting, and ends a
// wait after a permanent failure.
func (r *Renewer) Resume() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state != running {
		return
	}
	now := r.now()
	r.blocked = false
	if !r.retryAt.IsZero() {
		r.retryAt = now
	}
	r.tick(now)
}

// Stop stops the renewer: it cancels the fetch in progress, drops events not
// yet delivered, and waits until no goroutine of the renewer is left (but
// for the event goroutine when Stop is called from a Listener method, which
// ends when that method returns). Calls after the first do nothing.
func (r *Renewer) Stop() {
	r.mu.Lock()
	if r.state == stopped {
		r.mu.Unlock()
		return
	}
	r.state = stopped
	r.cur.Store(nil) // Token now says ErrStopped
	if r.cancelFetch != nil {
		r.cancelFetch()
	}
	if r.timer != nil {
		r.timer.Stop()
	}
	r.queue = nil
	if r.next != nil {
		r.next.err = ErrStopped
		close(r.next.done)
		r.next = nil
	}
	var done chan struct{}
	if r.delivering {
		done = r.deliverDone
	}
	r.mu.Unlock()
	r.wg.Wait()
	if done != nil && r.deliverer.Load() != goid.ID() {
		<-done
	}
}

// kick runs the schedule now, for Token after a missed renewal time.
func (r *Renewer) kick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state == running {
		r.tick(r.now())
	}
}

// onTimer runs the schedule when the timer fires.
func (r *Renewer) onTimer() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state == running {
		r.tick(r.now())
	}
}

// tick sends the events that are due at now, starts a fetch if one is due,
// and arms the timer for what comes next. r.mu is held.
func (r *Renewer) tick(now time.Time) {
	c := r.cur.Load()
	if c != nil && !r.expiredSent {
		switch {
		case !now.Before(c.tok.ExpiresAt):
			r.expiredSent, r.warned = true, true
			r.counts.expirations++
			r.emit(event{kind: evExpired, tok: c.tok})
		case !r.warned && !c.warnAt.IsZero() && !now.Before(c.warnAt):
			r.warned = true
			r.emit(event{kind: evWillExpire, tok: c.tok, left: c.tok.ExpiresAt.Sub(now)})
		}
	}
	if r.call == nil && !r.blocked {
		due := c == nil || !now.Before(c.renewAt)
		if !r.retryAt.IsZero() {
			due = !now.Before(r.retryAt)
		}
		if due {
			r.startFetch(now)
		}
	}
	r.arm(now)
}

// arm sets the timer for the next thing due: a fetch, a warning or expiry,
// but never further than WakeInterval away. r.mu is held.
func (r *Renewer) arm(now time.Time) {
	var next time.Time
	consider := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	c := r.cur.Load()
	if r.call == nil && !r.blocked {
		if !r.retryAt.IsZero() {
			consider(r.retryAt)
		} else if c != nil {
			consider(c.renewAt)
		}
	}
	if c != nil && !r.expiredSent {
		if !r.warned {
			consider(c.warnAt)
		}
		consider(c.tok.ExpiresAt)
	}
	if next.IsZero() {
		if r.timer != nil {
			r.timer.Stop()
		}
		return
	}
	d := min(max(next.Sub(now), 0), r.opts.wakeInterval)
	if r.timer == nil {
		r.timer = time.AfterFunc(d, r.onTimer)
		return
	}
	r.timer.Reset(d)
}

// startFetch starts a fetch on its own goroutine. r.mu is held.
func (r *Renewer) startFetch(now time.Time) {
	cl := r.next
	if cl == nil {
		cl = &call{done: make(chan struct{})}
	}
	r.next, r.call = nil, cl
	r.retryAt = time.Time{}
	r.counts.fetches++
	var exp time.Time
	if c := r.cur.Load(); c != nil {
		exp = c.tok.ExpiresAt
	}
	ctx, cancel := context.WithTimeout(context.Background(), attemptTimeout(r.opts.requestTimeout, now, exp))
	r.cancelFetch = cancel
	r.wg.Add(1)
	go r.fetch(ctx, cancel, cl)
}

// fetch runs one fetch and records its result.
func (r *Renewer) fetch(ctx context.Context, cancel context.CancelFunc, cl *call) {
	defer r.wg.Done()
	defer cancel()
	sent := r.now()
	tok, err := r.fetchSafely(ctx)
	if err == nil {
		err = r.complete(&tok, sent)
	}
	r.mu.Lock()
	ok := r.finish(cl, tok, err)
	r.mu.Unlock()
	if ok && r.opts.store != nil {
		r.save(tok)
	}
}

// fetchSafely calls the Source, turning a panic into an error.
func (r *Renewer) fetchSafely(ctx context.Context) (tok Token, err error) {
	defer func() {
		if p := recover(); p != nil {
			tok, err = Token{}, errors.New("renewer: source panicked: "+panicText(p))
		}
	}()
	return r.src.Fetch(ctx)
}

// complete fills in what a Source left out of tok (issue time, expiry from
// the token or the fallback) and checks it: a printable value, not expired.
func (r *Renewer) complete(tok *Token, sent time.Time) error {
	if err := checkValue(tok.Value); err != nil {
		return err
	}
	switch {
	case tok.ExpiresAt.IsZero():
		issued := tok.IssuedAt
		resolveExpiry(tok, Grant{}, sent, 0, r.opts.fallbackTTL)
		if !issued.IsZero() && issued.Before(tok.ExpiresAt) {
			tok.IssuedAt = issued.Round(0)
		}
	default:
		if tok.IssuedAt.IsZero() || !tok.IssuedAt.Before(tok.ExpiresAt) {
			tok.IssuedAt = sent
		}
		if tok.ExpirySource == ExpiryUnknown {
			tok.ExpirySource = ExpiryResponse
		}
		tok.IssuedAt, tok.ExpiresAt = tok.IssuedAt.Round(0), tok.ExpiresAt.Round(0)
		if tok.ExpiresAt.Sub(tok.IssuedAt) > maxLifetime {
			tok.ExpiresAt = tok.IssuedAt.Add(maxLifetime)
		}
	}
	if !tok.ExpiresAt.After(r.now()) {
		return ErrAlreadyExpired
	}
	return nil
}

// finish records a fetch's result, wakes its callers and plans what comes
// next. It reports whether a new token was taken. r.mu is held.
func (r *Renewer) finish(cl *call, tok Token, err error) bool {
	r.call, r.cancelFetch = nil, nil
	defer close(cl.done)
	if r.state != running {
		cl.err = ErrStopped
		return false
	}
	now := r.now()
	c := r.cur.Load()
	switch {
	case err != nil:
	case r.invalidated != "" && tok.Value == r.invalidated:
		err = wrapError(ErrNoProgress, "the server returned the invalidated token")
	case c != nil && c.tok.ValidAt(now) && !tok.ExpiresAt.After(c.tok.ExpiresAt):
		err = ErrNoProgress
	}
	if err != nil {
		cl.err = err
		r.lastErr = err
		r.counts.failures++
		r.counts.consecutiveFailures++
		if IsPermanent(err) {
			r.blocked = true
		} else {
			var exp time.Time
			if c != nil {
				exp = c.tok.ExpiresAt
			}
			if r.bo == nil {
				r.bo = newBackoff(r.opts.minBackoff, r.sched.maxBackoff)
			}
			wait := r.sched.retryWait(r.bo.NextBackOff(), now, exp, retryAfter(err), rand.Float64())
			r.retryAt = now.Add(wait)
		}
		r.debug("token fetch failed", "err", err, "permanent", r.blocked, "retry_at", r.retryAt)
		r.emit(event{kind: evError, err: err})
		r.arm(now)
		return false
	}
	cl.tok = tok
	r.lastErr, r.blocked, r.invalidated = nil, false, ""
	r.counts.consecutiveFailures = 0
	r.counts.renewals++
	r.bo = nil
	r.setCurrent(tok)
	r.debug("token renewed", "token", tok)
	r.emit(event{kind: evRenew, tok: tok})
	r.tick(now)
	return true
}

// setCurrent makes tok the token served and plans its renewal. r.mu is held.
func (r *Renewer) setCurrent(tok Token) {
	renewAt := r.sched.renewAt(tok, rand.Float64())
	r.cur.Store(&current{tok: tok, renewAt: renewAt, warnAt: r.sched.warnAt(tok, renewAt)})
	r.warned, r.expiredSent = false, false
}

// save stores tok unless a newer token replaced it meanwhile.
func (r *Renewer) save(tok Token) {
	r.saveMu.Lock()
	defer r.saveMu.Unlock()
	if c := r.cur.Load(); c == nil || c.tok.Value != tok.Value {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.requestTimeout)
	defer cancel()
	if err := storeCall(func() error { return r.opts.store.Save(ctx, tok) }); err != nil {
		r.debug("store save failed", "err", err)
		r.mu.Lock()
		if r.state == running {
			r.emit(event{kind: evError, err: err})
		}
		r.mu.Unlock()
	}
}

// storeCall runs a Store method, turning its error or panic into one that
// matches ErrStore.
func storeCall(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &pairError{ErrStore, errors.New("renewer: Store panicked")}
		}
	}()
	if err := f(); err != nil {
		return &pairError{ErrStore, err}
	}
	return nil
}

func (r *Renewer) debug(msg string, args ...any) {
	if r.opts.logger != nil {
		r.opts.logger.Debug(msg, args...)
	}
}

// Stats returns counters and the current state.
func (r *Renewer) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := Stats{Fetches: r.counts.fetches, Renewals: r.counts.renewals, Failures: r.counts.failures,
		Expirations: r.counts.expirations, ConsecutiveFailures: r.counts.consecutiveFailures}
	now := r.now()
	c := r.cur.Load()
	if c != nil {
		s.ExpiresAt = c.tok.ExpiresAt
		s.Valid = c.tok.ValidAt(now)
	}
	switch {
	case r.call != nil, r.blocked, r.state != running:
	case !r.retryAt.IsZero():
		s.NextAttempt = r.retryAt
	case c != nil:
		s.NextAttempt = c.renewAt
	}
	s.Waiting = r.blocked
	s.LastError = r.lastErr
	return s
}

// Stats describes a Renewer at one moment.
type Stats struct {
	Fetches             int64     // fetches started
	Renewals            int64     // new tokens taken
	Failures            int64     // fetches failed
	Expirations         int64     // tokens that expired with no replacement
	ConsecutiveFailures int64     // failures since the last new token
	Valid               bool      // a valid token is held
	ExpiresAt           time.Time // the current token's expiry, or zero
	NextAttempt         time.Time // the next planned fetch, or zero
	Waiting             bool      // stopped retrying after a permanent failure
	LastError           error     // the last failure since the last new token
}

// panicText describes a recovered panic value as fmt's %v does for the
// usual ones: errors, Stringers, strings, numbers and booleans.
func panicText(p any) string {
	switch v := p.(type) {
	case error:
		return v.Error()
	case interface{ String() string }:
		return v.String()
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case uint:
		return strconv.FormatUint(uint64(v), 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case uint32:
		return strconv.FormatUint(uint64(v), 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return "(a value of another type)"
}
