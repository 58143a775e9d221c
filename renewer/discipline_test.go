package renewer

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// Retry discipline: what a token server can rely on, whatever the app does.

// perWindow returns the largest number of calls in any window of length w.
func perWindow(calls []time.Time, w time.Duration) int {
	most := 0
	for i := range calls {
		n := 0
		for j := i; j < len(calls) && calls[j].Sub(calls[i]) < w; j++ {
			n++
		}
		most = max(most, n)
	}
	return most
}

// minGap returns the shortest gap between consecutive calls.
func minGap(calls []time.Time) time.Duration {
	least := time.Duration(1<<63 - 1)
	for i := 1; i < len(calls); i++ {
		least = min(least, calls[i].Sub(calls[i-1]))
	}
	return least
}

func TestRetryAfterIsAFloorThatOnlyRefreshBreaks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		src.fail = func(n int, _ time.Time) error {
			if n >= 2 {
				return &StatusError{StatusCode: 503, RetryAfter: 10 * time.Minute}
			}
			return nil
		}
		r := start(t, Config{Source: src})
		first, _ := r.Token(context.Background())
		time.Sleep(time.Until(first.ExpiresAt) - 5*time.Minute) // past the renewal time
		synctest.Wait()
		if n := src.count(); n != 2 {
			t.Fatalf("%d fetches; want the first and one renewal attempt answered with Retry-After", n)
		}
		askedAt := time.Now()
		// A user switching tabs, the network coming back, the media
		// service rejecting the token, callers waiting: none of them may
		// go before the server's floor.
		for range 20 {
			time.Sleep(10 * time.Second)
			r.Resume()
		}
		r.Invalidate("")
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, err := r.Token(ctx)
		cancel()
		if err == nil {
			t.Error("Token() returned a token while the only one was invalidated and the server asked to wait")
		}
		if calls := src.callTimes(); len(calls) != 2 {
			t.Fatalf("%d fetches; the ones after Retry-After came %v after it was asked", len(calls), calls[2].Sub(askedAt))
		}
		// Only an explicit Refresh goes earlier than the server asked.
		if _, err := r.Refresh(context.Background()); err == nil || src.count() != 3 {
			t.Errorf("Refresh = %v with %d fetches; want one more fetch, failing", err, src.count())
		}
		time.Sleep(10*time.Minute + time.Second)
		if calls := src.callTimes(); len(calls) < 4 || calls[3].Before(calls[2].Add(10*time.Minute)) {
			t.Errorf("after the Refresh, automatic retries must wait the server's 10 min again: fetches at %v", calls)
		}
	})
}

// TestNoStormAtTheDeadline: 20 s tokens and a 50 s outage of 503s. The
// renewer still tries several times before expiry, but never faster than
// MinBackoff, and never more than the limit of failing fetches a minute.
func TestNoStormAtTheDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(20 * time.Second)
		var downFrom, downTo time.Time
		src.fail = func(n int, now time.Time) error {
			if !now.Before(downFrom) && now.Before(downTo) {
				return &StatusError{StatusCode: 503}
			}
			return nil
		}
		t0 := time.Now()
		downFrom, downTo = t0.Add(30*time.Second), t0.Add(80*time.Second)
		r := start(t, Config{Source: src})
		time.Sleep(3 * time.Minute)
		r.Stop()
		var during []time.Time
		for _, c := range src.callTimes() {
			if !c.Before(downFrom) && c.Before(downTo) {
				during = append(during, c)
			}
		}
		if g := minGap(src.callTimes()); g < DefaultMinBackoff {
			t.Errorf("two fetches %v apart; want at least MinBackoff (%v)", g, DefaultMinBackoff)
		}
		if n := perWindow(during, time.Minute); n > maxFailingFetches {
			t.Errorf("%d fetches in one minute of outage; want at most %d", n, maxFailingFetches)
		}
		if len(during) < 4 {
			t.Errorf("%d attempts during the outage; want several", len(during))
		}
		if s := r.Stats(); s.Renewals < 2 {
			t.Errorf("Stats = %+v; want recovery after the outage", s)
		}
	})
}

func TestDegenerateTokensAreFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(50 * time.Millisecond)
		rec := newRecorder()
		r := start(t, Config{Source: src, Listener: rec})
		time.Sleep(2 * time.Minute)
		r.Stop()
		calls := src.callTimes()
		if n := perWindow(calls, time.Minute); n > maxFailingFetches {
			t.Errorf("%d fetches of 50 ms tokens in a minute; want at most %d", n, maxFailingFetches)
		}
		if g := minGap(calls); g < DefaultMinBackoff {
			t.Errorf("fetches %v apart; want at least MinBackoff", g)
		}
		errs := rec.events("error")
		if len(errs) == 0 || !errors.Is(errs[0].err, ErrShortLifetime) || Code(errs[0].err) != "short_lifetime" {
			t.Fatalf("errors = %v; want ErrShortLifetime reported", errs)
		}
		if strings.Contains(errs[0].err.Error(), "tok-") {
			t.Errorf("the error %q names the token", errs[0].err)
		}
		if s := r.Stats(); s.Failures == 0 || Code(s.LastError) != "short_lifetime" {
			t.Errorf("Stats = %+v; want short lifetimes counted as failures", s)
		}
		if n := len(rec.events("renew")); n == 0 {
			t.Error("no RenewToken: a short-lived token is still served while it lasts")
		}
	})
}

// TestScheduleTimesAreWallClockTimes: a retry planned with a monotonic
// reading would be measured in awake time after a device sleeps, while the
// rest of the schedule follows the wall clock. It runs on the real clock:
// synctest's fake clock has no monotonic reading to leak.
func TestScheduleTimesAreWallClockTimes(t *testing.T) {
	failed := make(chan struct{}, 1)
	src := SourceFunc(func(context.Context) (Token, error) { return Token{}, errFlaky })
	r := start(t, Config{Source: src, Listener: ListenerFuncs{OnError: func(error) {
		select {
		case failed <- struct{}{}:
		default:
		}
	}}})
	<-failed
	s := r.Stats()
	if s.NextAttempt.IsZero() {
		t.Fatal("no retry planned after a failure")
	}
	if strings.Contains(s.NextAttempt.String(), "m=") {
		t.Errorf("the planned retry %v carries a monotonic reading", s.NextAttempt)
	}
}

// TestPlannedRetryFollowsTheWallClockThroughSleep: the wall clock jumps ten
// minutes (the device slept) while timers do not; the retry planned 30 s
// ahead is due and happens within one wake slice.
func TestPlannedRetryFollowsTheWallClockThroughSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := &shiftedClock{}
		src := newFakeSource(time.Hour)
		src.clock = clk.now
		src.fail = func(n int, _ time.Time) error {
			if n == 1 {
				return &StatusError{StatusCode: 503, RetryAfter: 30 * time.Second}
			}
			return nil
		}
		r, err := New(Config{Source: src, WakeInterval: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		r.now = clk.now
		if err := r.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer stopAndWait(t, r)
		synctest.Wait()
		clk.sleep(10 * time.Minute)
		r.Resume()
		synctest.Wait()
		if n := src.count(); n != 2 {
			t.Errorf("%d fetches after the device slept past the planned retry; want the retry at once", n)
		}
	})
}

func TestStartFromAFutureIssueTimeIsStillCapped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		now := time.Now()
		seed := Token{Value: "planted", IssuedAt: now.Add(365 * 24 * time.Hour), ExpiresAt: now.Add(365*24*time.Hour + time.Hour)}
		r := start(t, Config{Source: newFakeSource(time.Hour), Seed: seed})
		tok, err := r.Token(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if tok.ExpiresAt.After(now.Add(maxLifetime)) || tok.IssuedAt.After(now) {
			t.Errorf("a seed issued a year ahead is served until %v (issued %v); want at most %v from now",
				tok.ExpiresAt.Sub(now), tok.IssuedAt.Sub(now), maxLifetime)
		}
	})
}

// TestPauseHoldsNoTimerAndStartsNoFetch: an app in the background makes no
// request of its own; Token still serves the valid token, and Resume
// catches up at once.
func TestPauseHoldsNoTimerAndStartsNoFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		rec := newRecorder()
		r := start(t, Config{Source: src, Listener: rec})
		tok, _ := r.Token(context.Background())
		r.Pause()
		time.Sleep(2 * time.Hour) // past renewal and expiry: nothing happens
		if n := src.count(); n != 1 {
			t.Errorf("%d fetches while paused; want none after the first", n)
		}
		if n := len(rec.events("expired")) + len(rec.events("warn")); n != 0 {
			t.Errorf("%d timer events while paused; want none: no timer is held", n)
		}
		r.Resume()
		synctest.Wait()
		if n := src.count(); n != 2 {
			t.Errorf("%d fetches after Resume; want the renewal at once", n)
		}
		if got, err := r.Token(context.Background()); err != nil || got.Value == tok.Value {
			t.Errorf("Token() after Resume = %v, %v; want a new token", got, err)
		}
	})
}

// TestATokenThatExpiredWhilePausedIsReportedBeforeItsReplacement: however
// the renewer comes to notice that its token expired with no replacement
// (an app call while paused, or Resume), it reports TokenExpired once, and
// before the RenewToken of the replacement.
func TestATokenThatExpiredWhilePausedIsReportedBeforeItsReplacement(t *testing.T) {
	for _, tt := range []struct {
		name   string
		notice func(context.Context, *Renewer) error
	}{
		{"Token", func(ctx context.Context, r *Renewer) error { _, err := r.Token(ctx); return err }},
		{"Refresh", func(ctx context.Context, r *Renewer) error { _, err := r.Refresh(ctx); return err }},
		{"Invalidate", func(_ context.Context, r *Renewer) error { r.Invalidate(""); return nil }},
		{"Resume", func(_ context.Context, r *Renewer) error { r.Resume(); return nil }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := newFakeSource(time.Hour)
				rec := newRecorder()
				r := start(t, Config{Source: src, Listener: rec})
				first, err := r.Token(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				r.Pause()
				time.Sleep(2 * time.Hour)
				if err := tt.notice(waitCtx(t, time.Minute), r); err != nil {
					t.Fatal(err)
				}
				synctest.Wait()
				r.Resume()
				synctest.Wait()
				var kinds []string
				for _, e := range rec.events("") {
					if e.kind == "expired" && e.tok.Value != first.Value {
						t.Errorf("TokenExpired for %v; want it for the first token", e.tok)
					}
					if e.kind != "warn" {
						kinds = append(kinds, e.kind)
					}
				}
				if want := []string{"renew", "expired", "renew"}; !slices.Equal(kinds, want) {
					t.Errorf("events %v; want %v", kinds, want)
				}
				if n := r.Stats().Expirations; n != 1 {
					t.Errorf("Stats().Expirations = %d; want 1", n)
				}
			})
		})
	}
}

// TestStatsWhilePausedPlansNoAttempt: a paused renewer starts no fetch of
// its own, so Stats shows none planned, and says it is paused.
func TestStatsWhilePausedPlansNoAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Config{Source: newFakeSource(time.Hour)})
		if _, err := r.Token(context.Background()); err != nil {
			t.Fatal(err)
		}
		if s := r.Stats(); s.Paused || s.NextAttempt.IsZero() {
			t.Errorf("running: Paused %v, NextAttempt %v; want false and the renewal time", s.Paused, s.NextAttempt)
		}
		r.Pause()
		if s := r.Stats(); !s.Paused || !s.NextAttempt.IsZero() {
			t.Errorf("paused: Paused %v, NextAttempt %v; want true and zero", s.Paused, s.NextAttempt)
		}
		r.Resume()
		if s := r.Stats(); s.Paused || s.NextAttempt.IsZero() {
			t.Errorf("resumed: Paused %v, NextAttempt %v; want false and the renewal time", s.Paused, s.NextAttempt)
		}
	})
}

// TestAppCallsWorkWhilePaused: a Refresh deferred by the request limits and
// a Token with a retry planned both complete while the renewer is paused.
func TestAppCallsWorkWhilePaused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		r := start(t, Config{Source: src})
		if _, err := r.Token(context.Background()); err != nil {
			t.Fatal(err)
		}
		r.Pause()
		if _, err := r.Refresh(waitCtx(t, time.Minute)); err != nil { // within MinBackoff of the first fetch
			t.Errorf("Refresh while paused = %v", err)
		}
		src.set(func(f *fakeSource) {
			f.fail = func(int, time.Time) error { return errFlaky }
		})
		r.Invalidate("")
		time.Sleep(2 * time.Second)
		src.set(func(f *fakeSource) { f.fail = nil })
		if _, err := r.Token(waitCtx(t, time.Minute)); err != nil {
			t.Errorf("Token while paused, with the renewer's retry held back = %v", err)
		}
	})
}

// TestTheSameTokenWithALaterExpiryIsNoProgress: an upstream cache that
// answers with a relative lifetime makes the same token look longer-lived
// at every fetch; it is still the same token.
func TestTheSameTokenWithALaterExpiryIsNoProgress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := SourceFunc(func(context.Context) (Token, error) {
			now := time.Now()
			return Token{Value: "cached", IssuedAt: now, ExpiresAt: now.Add(time.Hour)}, nil
		})
		rec := newRecorder()
		r := start(t, Config{Source: src, Listener: rec})
		if _, err := r.Token(context.Background()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Second)
		if _, err := r.Refresh(context.Background()); !errors.Is(err, ErrNoProgress) {
			t.Errorf("Refresh returning the same token an hour from now = %v; want ErrNoProgress", err)
		}
		if n := len(rec.events("renew")); n != 1 {
			t.Errorf("%d RenewToken events; want 1", n)
		}
	})
}

// TestSeedIsServedUntilItsRenewalTime pins Config.Seed's doc: a seed takes
// the Store's place (the Store is not read, and the seed is not saved), is
// served while valid, and is renewed when due: not before its renewal
// point, at once past it, and in its place once expired.
func TestSeedIsServedUntilItsRenewalTime(t *testing.T) {
	for _, c := range []struct {
		name       string
		issued     time.Duration // from now
		left       time.Duration
		wantFetch  bool
		wantServed bool
	}{
		{"fresh", -time.Minute, time.Hour, false, true},
		{"past its renewal point", -55 * time.Minute, 5 * time.Minute, true, true},
		{"expired", -2 * time.Hour, -time.Hour, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				now := time.Now()
				var loads, saves atomic.Int32
				store := storeFuncs{
					load: func(context.Context) (Token, error) {
						loads.Add(1)
						return Token{Value: "stored", ExpiresAt: now.Add(time.Hour)}, nil
					},
					save: func(_ context.Context, tok Token) error {
						if tok.Value == "seed" {
							saves.Add(1)
						}
						return nil
					},
				}
				src := newFakeSource(time.Hour)
				seed := Token{Value: "seed", IssuedAt: now.Add(c.issued), ExpiresAt: now.Add(c.left)}
				r := start(t, Config{Source: src, Seed: seed, Store: store})
				if c.wantServed {
					if tok, err := r.Token(context.Background()); err != nil || tok.Value != "seed" {
						t.Errorf("Token() = %v, %v; want the seed", tok, err)
					}
				}
				synctest.Wait()
				if n := src.count(); (n > 0) != c.wantFetch {
					t.Errorf("%d fetches at Start; want a fetch: %v", n, c.wantFetch)
				}
				if !c.wantServed {
					if tok, err := r.Token(context.Background()); err != nil || tok.Value == "seed" || tok.Value == "stored" {
						t.Errorf("Token() = %v, %v; want a fetched token", tok, err)
					}
				}
				if loads.Load() != 0 || saves.Load() != 0 {
					t.Errorf("Store read %d times and given the seed %d times; want neither", loads.Load(), saves.Load())
				}
				r.Stop()
			})
		})
	}
}
