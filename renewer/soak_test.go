package renewer_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// The soak runs many renewers for a simulated day under testing/synctest
// against in-memory sources that fail in mixed ways, and checks what users
// rely on: Token never returns an expired token, every event is delivered
// once and in order, retries do not storm, and Stop leaves nothing behind.

const (
	soakRenewers      = 1000
	soakPollers       = 16
	maxFailingFetches = 15 // in any 60 MinBackoffs while failing, as Config.MinBackoff says
)

// soakSource is one renewer's token server: it fails a share of calls in
// mixed ways (transport errors, 429 and 503 with Retry-After, the same token
// again, slow answers and hangs) and is fully down while down reports so.
type soakSource struct {
	id   int
	life time.Duration
	fail float64
	down func() bool

	mu     sync.Mutex
	rng    *rand.Rand
	last   renewer.Token
	calls  int
	minted int
}

func (s *soakSource) Fetch(ctx context.Context) (renewer.Token, error) {
	s.mu.Lock()
	s.calls++
	roll, u := s.rng.Float64(), s.rng.Float64()
	last := s.last
	s.mu.Unlock()
	if s.down() {
		if roll < 0.5 {
			return renewer.Token{}, errors.New("soak: connection refused")
		}
		return renewer.Token{}, &renewer.StatusError{StatusCode: 503, RetryAfter: time.Duration(1+u*20) * time.Second}
	}
	f := s.fail / 6
	switch {
	case roll < f:
		return renewer.Token{}, errors.New("soak: connection reset by peer")
	case roll < 2*f:
		return renewer.Token{}, &renewer.StatusError{StatusCode: 429, RetryAfter: time.Duration(1+u*20) * time.Second}
	case roll < 3*f:
		return renewer.Token{}, &renewer.StatusError{StatusCode: 503, RetryAfter: time.Duration(1+u*10) * time.Second}
	case roll < 4*f && last.Value != "":
		return last, nil // an upstream cache: no progress
	case roll < 5*f:
		if err := soakSleep(ctx, time.Duration(20+u*20)*time.Second); err != nil {
			return renewer.Token{}, err // a hang, cut by the request timeout
		}
	case roll < 6*f:
		if err := soakSleep(ctx, time.Duration(u*1.5*float64(time.Second))); err != nil {
			return renewer.Token{}, err // slow, but in time
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.minted++
	now := time.Now()
	s.last = renewer.Token{Value: fmt.Sprintf("soak-%d-%d", s.id, s.minted), IssuedAt: now, ExpiresAt: now.Add(s.life)}
	return s.last, nil
}

func soakSleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// soakListener checks the events of one renewer as they arrive.
type soakListener struct {
	life time.Duration

	mu         sync.Mutex
	latest     renewer.Token
	renewedAt  time.Time
	renewals   int
	errs       int
	expired    int
	warned     map[string]bool
	expiredFor map[string]bool
	problems   []string
}

func (l *soakListener) problem(format string, args ...any) {
	if len(l.problems) < 5 {
		l.problems = append(l.problems, fmt.Sprintf(format, args...))
	}
}

func (l *soakListener) RenewToken(tok renewer.Token) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	switch {
	case !tok.ValidAt(now):
		l.problem("RenewToken with a token that is not valid")
	case l.latest.Value != "" && !tok.ExpiresAt.After(l.latest.ExpiresAt):
		l.problem("RenewToken expiry %v not after the previous %v", tok.ExpiresAt, l.latest.ExpiresAt)
	case l.latest.Value != "" && now.Sub(l.renewedAt) < l.life/2:
		l.problem("renewed %v after the previous token; never before half the lifetime (%v)", now.Sub(l.renewedAt), l.life/2)
	}
	l.latest, l.renewedAt = tok, now
	l.renewals++
}

func (l *soakListener) TokenWillExpire(tok renewer.Token, left time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case tok.Value != l.latest.Value:
		l.problem("TokenWillExpire for a token other than the latest renewed")
	case l.warned[tok.Value]:
		l.problem("TokenWillExpire twice for one token")
	case left <= 0 || !time.Now().Before(tok.ExpiresAt):
		l.problem("TokenWillExpire after expiry (left %v)", left)
	}
	l.warned[tok.Value] = true
}

func (l *soakListener) TokenExpired(tok renewer.Token) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case tok.Value != l.latest.Value:
		l.problem("TokenExpired for a token other than the latest renewed")
	case l.expiredFor[tok.Value]:
		l.problem("TokenExpired twice for one token")
	case time.Now().Before(tok.ExpiresAt):
		l.problem("TokenExpired %v before expiry", time.Until(tok.ExpiresAt))
	}
	l.expiredFor[tok.Value] = true
	l.expired++
}

func (l *soakListener) Error(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err == nil {
		l.problem("Error(nil)")
	}
	l.errs++
}

// soakOutcome is what a soak run measured.
type soakOutcome struct {
	sources   []*soakSource
	listeners []*soakListener
	stats     []renewer.Stats
	polls     int64
	served    int64
	expired   int64 // Token returned a token expired at that moment
}

// soak runs n renewers for d of simulated time, with pollers calling Token
// at random moments; down says when every source is down. It checks the
// event streams against Stats before stopping every renewer.
func soak(t *testing.T, n int, d time.Duration, fail float64, down func() bool) soakOutcome {
	var out soakOutcome
	rs := make([]*renewer.Renewer, n)
	for i := range n {
		life := time.Duration(5+(i*7919)%56) * time.Minute // 5 to 60 minutes
		src := &soakSource{id: i, life: life, fail: fail, down: down, rng: rand.New(rand.NewPCG(uint64(i), 42))}
		l := &soakListener{life: life, warned: map[string]bool{}, expiredFor: map[string]bool{}}
		r, err := renewer.New(renewer.Config{Source: src, Listener: l})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		rs[i] = r
		out.sources = append(out.sources, src)
		out.listeners = append(out.listeners, l)
	}

	end := time.Now().Add(d)
	var polls, served, expired atomic.Int64
	var wg sync.WaitGroup
	for p := range soakPollers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(p), 7))
			for {
				time.Sleep(time.Duration(rng.Float64() * float64(20*time.Second)))
				if !time.Now().Before(end) {
					return
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				tok, err := rs[rng.IntN(n)].Token(ctx)
				cancel()
				polls.Add(1)
				if err == nil {
					served.Add(1)
					if !tok.ValidAt(time.Now()) {
						expired.Add(1)
					}
				}
			}
		})
	}
	time.Sleep(d)
	wg.Wait()
	synctest.Wait() // every event delivered
	out.polls, out.served, out.expired = polls.Load(), served.Load(), expired.Load()

	for i, r := range rs {
		s := r.Stats()
		out.stats = append(out.stats, s)
		l, src := out.listeners[i], out.sources[i]
		l.mu.Lock()
		src.mu.Lock()
		for _, p := range l.problems {
			t.Errorf("renewer %d: %s", i, p)
		}
		if int64(l.renewals) != s.Renewals || int64(l.errs) != s.Failures || int64(l.expired) != s.Expirations {
			t.Errorf("renewer %d: events renew/error/expired = %d/%d/%d, Stats says %d/%d/%d: events lost",
				i, l.renewals, l.errs, l.expired, s.Renewals, s.Failures, s.Expirations)
		}
		if l.renewals != src.minted {
			t.Errorf("renewer %d: %d RenewToken events for %d tokens minted", i, l.renewals, src.minted)
		}
		src.mu.Unlock()
		l.mu.Unlock()
	}
	for _, r := range rs {
		r.Stop()
	}
	return out
}

// TestSoakThousandRenewersThroughADayOfFailures: 1,000 renewers, 24
// simulated hours, 30% of fetches failing in mixed ways.
func TestSoakThousandRenewersThroughADayOfFailures(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	var out soakOutcome
	synctest.Test(t, func(t *testing.T) {
		out = soak(t, soakRenewers, 24*time.Hour, 0.30, func() bool { return false })
	})
	goleak.VerifyNone(t, ignore) // synctest.Test also waits for every goroutine of the bubble

	var fetches, renewals, expirations int64
	for _, s := range out.stats {
		fetches += s.Fetches
		renewals += s.Renewals
		expirations += s.Expirations
	}
	perRenewal := float64(fetches) / float64(renewals)
	t.Logf("%d renewers, 24h: %d fetches, %d renewals (%.2f requests per renewal), %d expirations; %d Token calls, %d served, %d expired",
		soakRenewers, fetches, renewals, perRenewal, expirations, out.polls, out.served, out.expired)
	if out.expired != 0 {
		t.Errorf("Token returned an expired token %d times", out.expired)
	}
	if out.polls < 100_000 || out.served == 0 {
		t.Errorf("only %d Token calls, %d served: the pollers did not run", out.polls, out.served)
	}
	// 30% of fetches fail, so about 1/0.7 fetches per renewal; a retry
	// storm would show far more.
	if perRenewal > 1.8 {
		t.Errorf("%.2f requests per renewal, want at most 1.8", perRenewal)
	}
	if least := int64(soakRenewers * 24); renewals < least {
		t.Errorf("%d renewals, want at least %d (one per renewer per hour)", renewals, least)
	}
}

// TestSoakServerDownLongerThanALifetime: every source is down for longer
// than any token lives; every renewer reports TokenExpired exactly once,
// never serves the expired token, and recovers when the sources are back.
func TestSoakServerDownLongerThanALifetime(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		downFrom, downTo := start.Add(time.Hour), start.Add(2*time.Hour+5*time.Minute)
		down := func() bool { now := time.Now(); return !now.Before(downFrom) && now.Before(downTo) }
		out := soak(t, soakRenewers, 2*time.Hour+30*time.Minute, 0, down)
		if out.expired != 0 {
			t.Errorf("Token returned an expired token %d times", out.expired)
		}
		for i, s := range out.stats {
			l := out.listeners[i]
			switch {
			case s.Expirations != 1:
				t.Errorf("renewer %d: %d expirations over an outage longer than its %v lifetime, want 1", i, s.Expirations, l.life)
			case !s.Valid:
				t.Errorf("renewer %d: no valid token 25 minutes after the outage", i)
			case !l.renewedAt.After(downTo.Add(-time.Nanosecond)):
				t.Errorf("renewer %d: last renewal at %v, before the outage ended", i, l.renewedAt.Sub(start))
			}
		}
	})
	goleak.VerifyNone(t, ignore)
}

// ceilingSource answers by phase: normal, an outage of 503s and refused
// connections, then 429 with Retry-After; it records every call and every
// floor it asked for.
type ceilingSource struct {
	id    int
	life  time.Duration
	phase func(now time.Time) string

	mu     sync.Mutex
	calls  []time.Time
	floors []time.Time // for each call, the Retry-After it was answered with, as a time, or zero
	minted int
}

const soakRetryAfter = 5 * time.Minute

func (s *ceilingSource) Fetch(ctx context.Context) (renewer.Token, error) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, now)
	switch s.phase(now) {
	case "outage":
		s.floors = append(s.floors, time.Time{})
		if len(s.calls)%2 == 0 {
			return renewer.Token{}, errors.New("soak: connection refused")
		}
		return renewer.Token{}, &renewer.StatusError{StatusCode: 503}
	case "retry-after":
		s.floors = append(s.floors, now.Add(soakRetryAfter))
		return renewer.Token{}, &renewer.StatusError{StatusCode: 429, RetryAfter: soakRetryAfter}
	}
	s.floors = append(s.floors, time.Time{})
	s.minted++
	return renewer.Token{Value: fmt.Sprintf("ceiling-%d-%d", s.id, s.minted), IssuedAt: now, ExpiresAt: now.Add(s.life)}, nil
}

// TestSoakOutageAndRetryAfterKeepTheRequestCeiling: 300 renewers through an
// hour of service, a 40-minute outage, 40 minutes of 429 with Retry-After
// and recovery, while pollers call Token and the app calls Resume (a tab
// switching, the network coming back) every few seconds. No renewer ever
// starts two fetches less than MinBackoff apart, more than 15 in a minute
// of outage, or one before a Retry-After it was given.
func TestSoakOutageAndRetryAfterKeepTheRequestCeiling(t *testing.T) {
	const n = 300
	ignore := goleak.IgnoreCurrent()
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		outage, ra, back := t0.Add(time.Hour), t0.Add(100*time.Minute), t0.Add(140*time.Minute)
		phase := func(now time.Time) string {
			switch {
			case now.Before(outage):
				return "up"
			case now.Before(ra):
				return "outage"
			case now.Before(back):
				return "retry-after"
			}
			return "up"
		}
		rs := make([]*renewer.Renewer, n)
		srcs := make([]*ceilingSource, n)
		for i := range n {
			srcs[i] = &ceilingSource{id: i, life: time.Duration(2+(i*7919)%40) * time.Minute, phase: phase}
			r, err := renewer.New(renewer.Config{Source: srcs[i]})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			rs[i] = r
		}
		end := back.Add(30 * time.Minute)
		var wg sync.WaitGroup
		for p := range 8 {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(p), 9))
				for time.Now().Before(end) {
					time.Sleep(time.Duration(rng.Float64() * float64(5*time.Second)))
					r := rs[rng.IntN(n)]
					if rng.IntN(2) == 0 {
						r.Resume()
						continue
					}
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					_, _ = r.Token(ctx)
					cancel()
				}
			})
		}
		time.Sleep(time.Until(end))
		wg.Wait()
		var total, outageCalls int
		for i, s := range srcs {
			s.mu.Lock()
			calls, floors := s.calls, s.floors
			s.mu.Unlock()
			total += len(calls)
			var during []time.Time
			for j, c := range calls {
				if j > 0 && c.Sub(calls[j-1]) < renewer.DefaultMinBackoff {
					t.Errorf("renewer %d: fetches %v apart at %v", i, c.Sub(calls[j-1]), c.Sub(t0))
				}
				if j > 0 && !floors[j-1].IsZero() && c.Before(floors[j-1]) {
					t.Errorf("renewer %d: fetch at %v, %v before the Retry-After it was given", i, c.Sub(t0), floors[j-1].Sub(c))
				}
				if phase(c) == "outage" {
					during = append(during, c)
				}
			}
			outageCalls += len(during)
			for j := range during {
				if k := j + maxFailingFetches; k < len(during) && during[k].Sub(during[j]) < time.Minute {
					t.Errorf("renewer %d: %d fetches within %v of outage", i, maxFailingFetches+1, during[k].Sub(during[j]))
					break
				}
			}
			if st := rs[i].Stats(); !st.Valid {
				t.Errorf("renewer %d: no valid token 30 minutes after the server came back: %+v", i, st)
			}
		}
		t.Logf("%d renewers: %d fetches in all, %d during the 40-minute outage (%.1f per renewer per minute)",
			n, total, outageCalls, float64(outageCalls)/n/40)
		for _, r := range rs {
			r.Stop()
		}
	})
	goleak.VerifyNone(t, ignore)
}
