package renewer

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
)

// want asks for a fetch for trig: it starts one now if the limits allow,
// else plans one for when they do (keeping an earlier plan). With a fetch
// in flight it does nothing: callers join that one. r.mu is held.
func (r *Renewer) want(now time.Time, trig Trigger) {
	if r.call != nil {
		return
	}
	at := r.earliest(now, trig)
	if !now.Before(at) {
		r.startFetch(now, trig)
		return
	}
	if r.planned == 0 || at.Before(r.plannedAt()) {
		r.planned, r.plannedBy = at.UnixNano(), trig
	}
	r.arm(now)
}

// fetchNow drops the planned fetch, if any, and asks for one for trig at
// once (see want): a call of the app's skips the backoff, never the
// request limits. With a fetch in flight it does nothing. r.mu is held.
func (r *Renewer) fetchNow(now time.Time, trig Trigger) {
	if r.call != nil {
		return
	}
	r.planned = 0
	r.want(now, trig)
}

// tick sends the events that are due at now, starts a fetch if one is due
// (for trig, when it is the token's renewal), and arms the timer for what
// comes next. r.mu is held.
func (r *Renewer) tick(now time.Time, trig Trigger) {
	c := r.cur.Load()
	if !r.noteExpiry(now) && r.warnDue(c, now) {
		r.warned = true
		r.emit(event{kind: evWillExpire, tok: c.tok, left: c.tok.ExpiresAt.Sub(now)})
	}
	if r.scheduleMayFetch() {
		// Paused, only a planned fetch the app asked for gets here: the
		// first case.
		switch {
		case r.planned != 0:
			if !now.Before(r.plannedAt()) {
				by := r.plannedBy
				if at := r.earliest(now, by); now.Before(at) {
					r.planned = at.UnixNano()
				} else {
					r.startFetch(now, by)
				}
			}
		case c == nil || c.renewDue(now):
			r.want(now, trig)
		}
	}
	r.arm(now)
}

// noteExpiry reports TokenExpired for the current token if it is past its
// expiry at now and has not been reported, and says whether it is past
// expiry. Whatever notices an expired token (the timer, Resume, Token,
// Refresh, Invalidate, a fetch ending) calls it before it drops or
// replaces that token, so the expiry is reported once, before the
// replacement's RenewToken, paused or not. r.mu is held.
func (r *Renewer) noteExpiry(now time.Time) bool {
	c := r.cur.Load()
	if c == nil || now.Before(c.tok.ExpiresAt) {
		return false
	}
	if !r.expiredSent {
		r.expiredSent, r.warned = true, true
		r.counts.expirations++
		r.emit(event{kind: evExpired, tok: c.tok})
	}
	return true
}

// arm sets the timer for the next thing due: a fetch, a warning or expiry,
// but never further than WakeInterval away; none while paused. r.mu is
// held.
func (r *Renewer) arm(now time.Time) {
	next := r.nextFetch()
	if n := r.nextNotice(); next.IsZero() || (!n.IsZero() && n.Before(next)) {
		next = n
	}
	if r.pauseHolds() || next.IsZero() {
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

// startFetch starts a fetch for trig on a goroutine of its own. r.mu is
// held.
func (r *Renewer) startFetch(now time.Time, trig Trigger) {
	cl := r.next
	if cl == nil {
		cl = &call{done: make(chan struct{})}
	}
	r.next, r.call = nil, cl
	r.planned = 0
	r.lastStart = now.UnixNano()
	if r.fail != nil {
		r.fail.record(now)
	}
	r.counts.fetches++
	var held Token
	if c := r.cur.Load(); c != nil {
		held = c.tok
	} else if r.invalidated != nil {
		held = *r.invalidated
	}
	ctx := context.WithValue(context.Background(), fetchKey{}, r)
	ctx, cancel := context.WithTimeout(ctx, attemptTimeout(r.opts.requestTimeout, now, held.ExpiresAt))
	cl.cancel = cancel
	r.live++
	go r.fetch(ctx, cancel, cl, trig, now, held)
}

// fetch runs one fetch, records its result and stores the new token, on a
// goroutine r.live counts. The Source and the Store are called with no
// lock held, and only while the renewer runs (see active). The error
// passes through Redact, with held (the token current when it started) and
// the token it brought, and is classified, before anything records, logs,
// emits or returns it: what a Source or a server says is not the
// renewer's text, and its methods are not called under r.mu.
func (r *Renewer) fetch(ctx context.Context, cancel context.CancelFunc, cl *call, trig Trigger, started time.Time, held Token) {
	defer r.leave()
	defer cancel()
	if !r.admit() {
		return // stopped before the Source was called: Stop woke cl's callers
	}
	tok, err := r.fetchSafely(ctx, held)
	if err == nil {
		err = r.complete(&tok, started)
	}
	var f *failure
	if err != nil {
		f = classify(r.Redact(err, held, tok))
	}
	r.mu.Lock()
	took := r.finish(cl, trig, started, tok, f)
	r.mu.Unlock()
	if took && r.store != nil {
		r.save(tok)
	}
}

// fetchSafely calls the Source (FetchHeld with held, if it is a
// HeldFetcher), turning a panic into an error that matches ErrPanic and is
// not permanent; fetch redacts it as any other error.
func (r *Renewer) fetchSafely(ctx context.Context, held Token) (tok Token, err error) {
	defer func() {
		if p := recover(); p != nil {
			tok, err = Token{}, &panicError{"renewer: source panicked: " + panicText(p)}
		}
	}()
	if hf, ok := r.src.(HeldFetcher); ok {
		return hf.FetchHeld(ctx, held)
	}
	return r.src.Fetch(ctx)
}

// complete fills in what a Source left out of tok (issue time, expiry from
// the token or the fallback) and checks it: a printable value, not expired.
// An issue time in the future is not believed, and no token is believed to
// live longer than maxLifetime from now (capLifetime).
func (r *Renewer) complete(tok *Token, sent time.Time) error {
	if err := checkValue(tok.Value); err != nil {
		return err
	}
	now := r.wall()
	sent = sent.Round(0)
	if tok.ExpiresAt.IsZero() {
		issued := tok.IssuedAt
		_ = resolveExpiry(tok, Grant{}, sent, sent, nil, r.opts.fallbackTTL, nil) // no Date: no correction to refuse
		if !issued.IsZero() && issued.Before(tok.ExpiresAt) && !issued.After(now) {
			tok.IssuedAt = issued.Round(0)
		}
	} else {
		if tok.ExpirySource == ExpiryUnknown {
			tok.ExpirySource = ExpiryResponse
		}
		tok.IssuedAt, tok.ExpiresAt = tok.IssuedAt.Round(0), tok.ExpiresAt.Round(0)
		if tok.IssuedAt.IsZero() || !tok.IssuedAt.Before(tok.ExpiresAt) || tok.IssuedAt.After(now) {
			tok.IssuedAt = earlier(sent, now)
		}
	}
	tok.ExpiresAt = capLifetime(tok.ExpiresAt, now)
	if !tok.ExpiresAt.After(now) {
		return ErrAlreadyExpired
	}
	return nil
}

// finish records a fetch's result (f, or tok when f is nil), wakes its
// callers and plans what comes next. It reports whether a new token was
// taken. After Stop it does nothing: Stop has woken the callers. r.mu is
// held.
func (r *Renewer) finish(cl *call, trig Trigger, started time.Time, tok Token, f *failure) bool {
	if !r.active() {
		return false
	}
	r.call = nil
	defer close(cl.done)
	now := r.wall()
	r.noteExpiry(now)
	c := r.cur.Load()
	// The renewer's own errors wrap no app error: classify may run here.
	switch {
	case f != nil:
	case r.invalidated != nil && tok.Value == r.invalidated.Value:
		f = classify(errtext.Wrap(ErrNoProgress, "the server returned the invalidated token"))
	case c != nil && c.tok.ValidAt(now) && !tok.ExpiresAt.After(c.tok.ExpiresAt):
		f = classify(ErrNoProgress)
	case c != nil && tok.Value == c.tok.Value:
		// The same token, whatever expiry it now claims: an upstream cache
		// answering with a relative lifetime makes the same token look
		// longer-lived at every fetch.
		f = classify(errtext.Wrap(ErrNoProgress, "the server returned the current token again"))
	}
	info := FetchInfo{Trigger: trig, Start: started, Duration: max(now.Sub(started), 0)}
	if f != nil {
		cl.err = f.err
		info.Err = f.err
		r.failed(now, started, f)
		r.log("token fetch failed", "err", f.err, "permanent", r.blocked, "retry_at", r.plannedAt())
		r.emit(event{kind: evError, err: f.err})
		r.emit(event{kind: evFetch, info: info})
		r.arm(now)
		return false
	}
	cl.tok = tok
	info.ExpiresAt = tok.ExpiresAt
	r.invalidated = nil
	r.counts.renewals++
	r.setCurrent(tok)
	if left := tok.ExpiresAt.Sub(now); left < MinLifetime {
		// Served while it lasts, but not progress: renew it no faster
		// than the backoff allows. What counts is the life left at
		// arrival, whatever the token's issue time says.
		f = classify(errtext.Wrap(ErrShortLifetime, "it arrived with "+left.String()+" left, less than "+MinLifetime.String()))
		info.Err = f.err
		r.failed(now, started, f)
		r.log("token fetch failed", "err", f.err, "permanent", false, "retry_at", r.plannedAt())
	} else {
		r.blocked, r.fail, r.planned = false, nil, 0
		r.counts.consecutiveFailures = 0
		r.log("token renewed", "token", tok)
	}
	r.emit(event{kind: evRenew, tok: tok})
	if f != nil {
		r.emit(event{kind: evError, err: f.err})
	}
	r.emit(event{kind: evFetch, info: info})
	r.tick(now, TriggerScheduled)
	return true
}

// lastErr returns the last failure's error, or nil. r.mu is held.
func (r *Renewer) lastErr() error {
	if r.fail == nil || r.fail.last == nil {
		return nil
	}
	return r.fail.last.err
}

// setCurrent makes tok the token served and plans its renewal. r.mu is held.
func (r *Renewer) setCurrent(tok Token) {
	renewAt := r.sched.renewAt(tok, rand.Float64())
	r.cur.Store(&current{tok: tok, lead: tok.ExpiresAt.Sub(renewAt)})
	r.warned, r.expiredSent = false, false
}

// save stores tok unless a newer token replaced it meanwhile or the
// renewer stopped. Store calls are made one at a time, with no lock held,
// only while the renewer runs (see active); a failure after Stop is
// neither logged nor reported.
func (r *Renewer) save(tok Token) {
	st := r.store
	st.sem <- struct{}{}
	defer func() { <-st.sem }()
	if st.key == "" {
		return // no key this run (see makeKey)
	}
	r.mu.Lock()
	c := r.cur.Load()
	ok := r.active() && c != nil && c.tok.Value == tok.Value
	r.mu.Unlock()
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.requestTimeout)
	defer cancel()
	if err := r.storeCall(func() error { return st.s.Save(ctx, st.key, tok) }, tok); err != nil {
		r.mu.Lock()
		r.log("store save failed", "err", err)
		r.emit(event{kind: evError, err: err})
		r.mu.Unlock()
	}
}

// storeCall runs a Store method, turning its error or panic into one that
// matches ErrStore (and ErrPanic for a panic, with the panic's text), with
// the renewer's secrets and those of toks redacted: what a Store says is
// the app's text.
func (r *Renewer) storeCall(f func() error, toks ...Token) error {
	err := appCall("Store", f)
	if err != nil {
		err = errtext.Pair(ErrStore, err)
	}
	return r.Redact(err, toks...)
}
