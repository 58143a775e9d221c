package renewer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
)

// A Renewer keeps one token fresh. Create it with New, then Start it; every
// method is safe for concurrent use, from any goroutine, including from
// inside the renewer's own callbacks (Listener, OnFetch, Source, Store,
// Logger, and the methods of an error a Source returns): no method waits
// for a callback to return, and none is called with a lock held. See the
// package documentation for the model.
type Renewer struct {
	// Set by New and never changed: read with no lock.
	src   Source
	sched schedule
	opts  options          // but for opts.seed, which Start drops under mu
	store *storeState      // nil without a Store; see storeState for its key
	now   func() time.Time // the wall clock; tests shift it to mimic sleep

	// cur is read with no lock by Token and Current, and stored with mu
	// held; what it points to is immutable but for an atomic flag.
	cur atomic.Pointer[current]

	// mu guards every field below. No app code (Source, Store, Logger,
	// Listener, OnFetch, nor an error's Error, Is or As method) ever runs
	// with it held: what the renewer needs of an app's error is found
	// before (see failure).
	mu sync.Mutex

	// What comes next. At most one of call, planned and blocked (below) is
	// set: a fetch is in flight, or planned, or waits for Refresh or
	// Resume; with none, the current token's renewal time decides (see
	// nextFetch). next is nil while call is set: callers join call.
	call    *call       // the fetch in flight, or nil (Stop cancels it, wakes its callers and clears it)
	next    *call       // callers waiting for the next fetch, or nil
	planned int64       // when the next fetch is planned (a retry, or a request the limits deferred), Unix ns by the wall clock (see plannedAt); 0: none
	timer   *time.Timer // armed by arm; its function takes mu

	// The request limits and the failures since the last new token.
	lastStart   int64      // when the last fetch started, Unix ns by the wall clock; 0: never
	fail        *failState // nil while all is well
	invalidated *Token     // the token the app rejected: not progress if it comes back

	// Events, and what Done waits for.
	queue *eventQueue   // non-nil exactly while a goroutine delivers events
	done  chan struct{} // made by Done, closed by quiesce

	// The counts and the small fields, side by side so that an idle
	// renewer stays in its allocation size class (see
	// TestIdleRenewerRecordsFitTheirSizeClasses).
	counts counters
	// live counts what Done waits for: the renewer's goroutines (fetches
	// and the event goroutine) and app calls made on a caller's goroutine
	// (Start's Store.Load).
	live        int32
	state       runState // idle, running or stopped (see active)
	plannedBy   Trigger  // what asked for the planned fetch, while one is planned
	blocked     bool     // a permanent failure: wait for Refresh or Resume
	paused      bool     // Pause: no fetch of the renewer's own, no timer, until Resume (see pauseHolds)
	warned      bool     // TokenWillExpire sent for the current token
	expiredSent bool     // TokenExpired sent for the current token
}

// options are the parts of Config a Renewer keeps after New: an idle
// renewer should weigh little (see BENCHMARKS.md, row 4).
type options struct {
	listener       Listener // nil: no events are queued at all
	onFetch        func(FetchInfo)
	logger         Logger
	seed           *Token // dropped by Start
	requestTimeout time.Duration
	fallbackTTL    time.Duration
	wakeInterval   time.Duration
}

type runState uint8

const (
	idle runState = iota
	running
	stopped
)

// current is the token being served and its renewal time (its warning
// time is the schedule's warnAt of both). It is immutable but for kicked,
// an atomic that makes Token ask for a renewal at most once per token: it
// is read with no lock.
type current struct {
	tok    Token
	lead   time.Duration // renewal starts this long before tok.ExpiresAt (see renewAt)
	kicked atomic.Bool
}

// storeState is the Store, the key it keeps tokens under, and the
// semaphore that keeps its calls from overlapping: only renewers with a
// Store pay for it. Its fields are set by New, but for key, which Start
// writes (makeKey) holding sem, before the first fetch can start; it is
// read only holding sem, by Start's Load and by save. An empty key means
// the run has none: it neither loads nor saves.
type storeState struct {
	s        Store
	storeKey string // Config.StoreKey
	identity string // Config.Identity
	key      string // written once by Start, holding sem; "" if it could not be made
	sem      chan struct{}
}

// call is one fetch and the callers waiting for it, as in singleflight:
// tok and err are written once, under Renewer.mu, before done is closed,
// and only read after.
type call struct {
	cancel context.CancelFunc // cancels the fetch once it started; called under Renewer.mu by Stop
	done   chan struct{}
	tok    Token
	err    error
}

// closedChan is what Done returns once the renewer is quiet.
var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// New returns a Renewer for cfg, not yet started. It fails with
// ErrInsecureURL or ErrInvalidURL when cfg.URL is not usable, with
// ErrInvalidURL when neither URL nor Source is set, with an error matching
// ErrInvalidProfile when the profile refuses its settings (a custom
// profile's own error is wrapped in it unless it names a condition), with
// ErrInvalidHeader when a header of the request (Config.Header or the
// profile's) cannot be sent, and with ErrWrongIdentity when cfg.Seed was
// minted for another identity.
func New(cfg Config) (*Renewer, error) {
	cfg = cfg.withDefaults()
	r := &Renewer{sched: newSchedule(cfg), now: time.Now, opts: options{
		listener:       cfg.Listener,
		onFetch:        cfg.OnFetch,
		logger:         loggerOrNil(cfg.Logger),
		requestTimeout: cfg.RequestTimeout,
		fallbackTTL:    cfg.FallbackTTL,
		wakeInterval:   cfg.WakeInterval,
	}}
	if cfg.Seed.Value != "" {
		seed := cfg.Seed
		r.opts.seed = &seed
	}
	if r.opts.logger != nil {
		// The default HTTP transport's lines join the event queue too.
		cfg.Logger = queuedLogger{r}
	}

	switch {
	case cfg.Source != nil:
		r.src = cfg.Source
	case cfg.URL == "":
		return nil, errtext.Wrap(ErrInvalidURL, "Config needs a URL or a Source")
	default:
		s, err := newHTTPSource(cfg, func() time.Time { return r.now() })
		if err != nil {
			return nil, err
		}
		r.src = s
	}
	if c, ok := r.src.(TokenChecker); ok && r.opts.seed != nil {
		if err := appCall("CheckToken", func() error { return c.CheckToken(*r.opts.seed) }); err != nil {
			return nil, Permanent(r.Redact(err, *r.opts.seed))
		}
	}
	if cfg.Store != nil {
		// A channel, not a mutex: a Store call may take long, and waiting
		// on a channel is what testing/synctest sees as blocked. The key
		// is made by Start, with the Store's hash key.
		r.store = &storeState{s: cfg.Store, storeKey: cfg.StoreKey, identity: cfg.Identity, sem: make(chan struct{}, 1)}
	}
	return r, nil
}

// Format implements fmt.Formatter: every verb prints String.
func (r *Renewer) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(r.String())) }

// wall returns the time by the wall clock alone. Every schedule time is a
// wall-clock time: a monotonic reading stops while a device sleeps, and
// comparing two times that both carry one would measure awake time only.
func (r *Renewer) wall() time.Time { return r.now().Round(0) }

// Token returns the current token. While it is valid (by the wall clock)
// Token neither locks nor allocates nor waits for a renewal in progress.
//
// Before Start it fails at once with ErrNotStarted, and after Stop with
// ErrStopped, whatever token it holds. With no valid token it waits for
// one: it joins the fetch in flight or the retry planned (sharing it with
// every other caller) and goes on waiting across transient failures, until
// a fetch brings a token, a permanent failure ends renewal, or ctx ends.
// It then returns the permanent failure, or a *WaitError holding
// ctx.Err(), the last failure seen and whether the renewer's token
// expired. A caller that gives up does not cancel the fetch.
//
// Called from inside the renewer's own Source.Fetch with that call's ctx
// (or one derived from it), Token does not wait for the fetch that is
// calling it: with no valid token it fails at once with ErrReentrant.
func (r *Renewer) Token(ctx context.Context) (Token, error) {
	if c := r.cur.Load(); c != nil {
		now := r.now()
		if c.tok.ValidAt(now) {
			if c.renewDue(now) && c.kicked.CompareAndSwap(false, true) {
				r.kick() // a timer slept through the renewal time
			}
			return c.tok, nil
		}
	}
	return r.tokenSlow(ctx)
}

// Current returns the token the renewer holds while it is valid, and
// false when it holds none. It never waits, locks or fetches: a caller that
// finds no token can wait for one with Token.
func (r *Renewer) Current() (Token, bool) {
	if c := r.cur.Load(); c != nil && c.tok.ValidAt(r.now()) {
		return c.tok, true
	}
	return Token{}, false
}

func (r *Renewer) tokenSlow(ctx context.Context) (Token, error) {
	var last error
	for {
		r.mu.Lock()
		now := r.wall()
		switch r.state {
		case idle:
			r.mu.Unlock()
			return Token{}, ErrNotStarted
		case stopped:
			r.mu.Unlock()
			return Token{}, ErrStopped
		}
		c := r.cur.Load()
		if c != nil && c.tok.ValidAt(now) {
			r.mu.Unlock()
			return c.tok, nil
		}
		expired := c != nil
		r.noteExpiry(now)
		if r.blocked {
			err := r.lastErr()
			r.mu.Unlock()
			return Token{}, withExpired(err, expired)
		}
		if inFetchOf(ctx, r) {
			r.mu.Unlock()
			return Token{}, withExpired(ErrReentrant, expired)
		}
		if !r.fetchComing() {
			// While paused no retry of the renewer's own would come: the
			// caller's need is the app's, and starts one.
			r.fetchNow(now, TriggerOnDemand)
		}
		cl := r.waitable()
		r.mu.Unlock()
		select {
		case <-cl.done:
			if cl.err == nil {
				return cl.tok, nil
			}
			if IsPermanent(cl.err) {
				return Token{}, withExpired(cl.err, expired)
			}
			last = cl.err // transient (or ErrStopped, seen above): wait for the next
		case <-ctx.Done():
			if last == nil { // no fetch ended while this caller waited
				r.mu.Lock()
				last = r.lastErr()
				r.mu.Unlock()
			}
			return Token{}, &WaitError{Err: ctx.Err(), Last: last, Expired: expired}
		}
	}
}

// waitable returns the fetch in flight, or the next one, which waiters
// share. r.mu is held.
func (r *Renewer) waitable() *call {
	if r.call != nil {
		return r.call
	}
	if r.next == nil {
		r.next = &call{done: make(chan struct{})}
	}
	return r.next
}

func (c *call) wait(ctx context.Context) (Token, error) {
	select {
	case <-c.done:
		return c.tok, c.err
	case <-ctx.Done():
		return Token{}, ctx.Err()
	}
}

// Refresh fetches a new token, or joins the fetch in progress, and returns
// its result. It ends a wait after a permanent failure and does not wait
// for a server's Retry-After, but it keeps to the request limits (see
// Config.MinBackoff): a Refresh right after another fetch waits for its
// turn. Called from inside the renewer's own Source.Fetch with that call's
// ctx, it fails at once with ErrReentrant rather than wait for itself.
func (r *Renewer) Refresh(ctx context.Context) (Token, error) {
	r.mu.Lock()
	switch {
	case r.state == idle:
		r.mu.Unlock()
		return Token{}, ErrNotStarted
	case r.state == stopped:
		r.mu.Unlock()
		return Token{}, ErrStopped
	case inFetchOf(ctx, r):
		r.mu.Unlock()
		return Token{}, ErrReentrant
	}
	r.blocked = false
	now := r.wall()
	r.noteExpiry(now)
	r.fetchNow(now, TriggerRefresh)
	cl := r.waitable()
	r.mu.Unlock()
	return cl.wait(ctx)
}

// Invalidate tells the renewer that the service the token is for rejected
// it (an Agora 109/110, a 401 from the media server). rejected is the value
// that was rejected; "" means the current token. If the current token is
// the rejected one, it is dropped and a new one is fetched at once (a fetch
// that returns it again counts as a failure); if it has already been
// replaced, Invalidate does nothing. The fetch skips the backoff of a
// failing renewer but not a server's Retry-After.
func (r *Renewer) Invalidate(rejected string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.active() {
		return
	}
	c := r.cur.Load()
	if c == nil || (rejected != "" && rejected != c.tok.Value) {
		return // already dropped or replaced
	}
	now := r.wall()
	r.noteExpiry(now)
	r.invalidated = &c.tok
	r.cur.Store(nil)
	if !r.blocked {
		r.fetchNow(now, TriggerInvalidate)
	}
	r.arm(now)
}

// fetchKey marks the context of a renewer's own fetch, so that Token and
// Refresh, given it back by the app's code inside that fetch, fail with
// ErrReentrant rather than wait for themselves. It is a re-entrancy guard,
// not a way to pass anything to a Source: what a Source is given, it is
// given as an argument (see HeldFetcher).
type fetchKey struct{}

// inFetchOf reports whether ctx is (or derives from) the context of one of
// r's own fetches.
func inFetchOf(ctx context.Context, r *Renewer) bool {
	if ctx == nil {
		return false
	}
	owner, _ := ctx.Value(fetchKey{}).(*Renewer)
	return owner == r
}

// withExpired wraps err with ErrExpired when the token had expired.
func withExpired(err error, expired bool) error {
	if !expired || err == nil || errors.Is(err, ErrExpired) {
		return err
	}
	return errtext.Pair(err, ErrExpired)
}
