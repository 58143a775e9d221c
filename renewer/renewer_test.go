package renewer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
	"unsafe"
)

var errFlaky = errors.New("flaky network")

func TestRenewsAheadOfExpiryForADay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		rec := newRecorder()
		r := start(t, Config{Source: src, Listener: rec})
		end := time.Now().Add(24 * time.Hour)
		for time.Now().Before(end) {
			tok, err := r.Token(context.Background())
			if err != nil || !tok.ValidAt(time.Now()) {
				t.Fatalf("at %v: Token() = %v, %v; want a valid token", time.Now(), tok, err)
			}
			time.Sleep(7 * time.Minute)
		}
		r.Stop()
		renews := rec.events("renew")
		if n := len(renews); n < 24 || n > 2*24+1 {
			t.Errorf("%d renewals of 1 h tokens in 24 h; want between 24 and 49", n)
		}
		for i := 1; i < len(renews); i++ {
			prev := renews[i-1].tok
			at := renews[i].at
			if at.Before(prev.IssuedAt.Add(prev.Lifetime() / 2)) {
				t.Errorf("renewal %d at %v, before half of the previous token's life", i, at)
			}
			if lead := prev.ExpiresAt.Sub(at); lead < time.Minute {
				t.Errorf("renewal %d only %v before expiry; want at least 1 min", i, lead)
			}
		}
		if w := rec.events("warn"); len(w) != 0 {
			t.Errorf("%d TokenWillExpire events although every renewal succeeded", len(w))
		}
	})
}

// Renewal must start early enough for four attempts with backoff before
// expiry, for lifetimes of a minute and more.
func TestFourAttemptsFitBeforeExpiry(t *testing.T) {
	for _, life := range []time.Duration{time.Minute, 5 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour} {
		t.Run(life.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := newFakeSource(life)
				src.fail = func(n int, _ time.Time) error {
					if n > 1 {
						return errFlaky
					}
					return nil
				}
				r := start(t, Config{Source: src})
				tok, err := r.Token(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				time.Sleep(life - time.Millisecond)
				r.Stop()
				attempts := 0
				for _, at := range src.callTimes()[1:] {
					if at.Before(tok.ExpiresAt) {
						attempts++
					}
				}
				if attempts < 4 {
					t.Errorf("%d attempts before expiry; want at least 4", attempts)
				}
			})
		})
	}
}

func TestLongTokensUsedForMostOfTheirLife(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(24 * time.Hour)
		r := start(t, Config{Source: src})
		time.Sleep(3 * 24 * time.Hour)
		r.Stop()
		calls := src.callTimes()
		for i := 1; i < len(calls); i++ {
			if used := calls[i].Sub(calls[i-1]); used < 24*time.Hour*99/100 {
				t.Errorf("a 24 h token was renewed after %v, less than 99%% of its life", used)
			}
		}
	})
}

func TestShortTokensCauseNoRefreshStorm(t *testing.T) {
	for _, life := range []time.Duration{2 * time.Second, 10 * time.Second, 40 * time.Second} {
		t.Run(life.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := newFakeSource(life)
				r := start(t, Config{Source: src})
				time.Sleep(10 * time.Minute)
				r.Stop()
				calls := src.callTimes()
				for i := 1; i < len(calls); i++ {
					if gap := calls[i].Sub(calls[i-1]); gap < life/2 {
						t.Fatalf("renewed after %v; want at most once per half lifetime (%v)", gap, life/2)
					}
				}
				if max := int(10*time.Minute/(life/2)) + 1; len(calls) > max {
					t.Errorf("%d fetches in 10 min; want at most %d", len(calls), max)
				}
			})
		})
	}
}

func TestJitterSpreadsRenewersWithOneExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		expiry := time.Now().Add(time.Hour)
		var mu sync.Mutex
		var firsts []time.Time
		var rs []*Renewer
		for i := 0; i < 50; i++ {
			n := 0
			src := SourceFunc(func(ctx context.Context) (Token, error) {
				n++
				if n == 2 {
					mu.Lock()
					firsts = append(firsts, time.Now())
					mu.Unlock()
				}
				return Token{Value: fmt.Sprintf("t%d-%d", i, n), ExpiresAt: expiry.Add(time.Duration(n-1) * time.Hour)}, nil
			})
			rs = append(rs, start(t, Config{Source: src}))
		}
		time.Sleep(time.Hour)
		for _, r := range rs {
			r.Stop()
		}
		distinct := map[time.Time]bool{}
		lo, hi := firsts[0], firsts[0]
		for _, f := range firsts {
			distinct[f] = true
			lo, hi = earlier(lo, f), later(hi, f)
		}
		if len(distinct) < 40 {
			t.Errorf("50 renewers renewed at %d distinct times; want them spread", len(distinct))
		}
		if hi.Sub(lo) < 30*time.Second {
			t.Errorf("renewals spread over %v; want a wider jitter window", hi.Sub(lo))
		}
	})
}

func TestWarnsThirtySecondsBeforeExpiryWhenRenewalFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		src.fail = func(n int, _ time.Time) error {
			if n > 1 {
				return errFlaky
			}
			return nil
		}
		rec := newRecorder()
		r := start(t, Config{Source: src, Listener: rec})
		tok, _ := r.Token(context.Background())
		time.Sleep(2 * time.Hour)
		r.Stop()
		warns := rec.events("warn")
		if len(warns) != 1 {
			t.Fatalf("%d TokenWillExpire events; want exactly 1", len(warns))
		}
		if want := tok.ExpiresAt.Add(-30 * time.Second); !warns[0].at.Equal(want) || warns[0].left != 30*time.Second {
			t.Errorf("warned at %v with %v left; want %v with 30s left", warns[0].at, warns[0].left, want)
		}
		if ex := rec.events("expired"); len(ex) != 1 || !ex[0].at.Equal(tok.ExpiresAt) {
			t.Errorf("TokenExpired events %v; want one at %v", ex, tok.ExpiresAt)
		}
	})
}

// Each new token re-arms the warning: it fires for every token whose
// renewal is late, not only the first (two known SDKs fire it once).
func TestWarningIsRearmedForEveryToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(10 * time.Minute)
		var expiry time.Time
		src.fail = func(n int, now time.Time) error {
			if n > 1 && expiry.Sub(now) > 20*time.Second {
				return errFlaky // succeed only once the warning is out
			}
			expiry = now.Add(10 * time.Minute)
			return nil
		}
		rec := newRecorder()
		r := start(t, Config{Source: src, Listener: rec, MaxBackoff: 5 * time.Second})
		time.Sleep(time.Hour)
		r.Stop()
		renews, warns := rec.events("renew"), rec.events("warn")
		if len(renews) < 5 {
			t.Fatalf("%d renewals in an hour of 10 min tokens", len(renews))
		}
		if len(warns) < len(renews)-1 {
			t.Errorf("%d warnings for %d late renewals; want one per token", len(warns), len(renews)-1)
		}
		for i, w := range warns {
			if w.tok.Value != renews[i].tok.Value {
				t.Errorf("warning %d names token %d", i, i)
			}
		}
		if ex := rec.events("expired"); len(ex) != 0 {
			t.Errorf("%d tokens expired although each was renewed in time", len(ex))
		}
	})
}

func TestShortTokenWarningMeansRenewalIsLate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := newRecorder()
		r := start(t, Config{Source: newFakeSource(40 * time.Second), Listener: rec})
		time.Sleep(5 * time.Minute)
		r.Stop()
		if w := rec.events("warn"); len(w) != 0 {
			t.Errorf("%d warnings for 40 s tokens renewed on time; want none", len(w))
		}
	})
}

func TestTransientFailuresBackOffAndNeverGiveUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		var down bool = true
		src.fail = func(n int, _ time.Time) error {
			if n > 1 && down {
				return errFlaky
			}
			return nil
		}
		rec := newRecorder()
		r := start(t, Config{Source: src, Listener: rec})
		tok, _ := r.Token(context.Background())
		time.Sleep(3 * time.Hour) // two hours past expiry: far beyond the 15 min elapsed-time limit that backoff libraries default to
		calls := src.callTimes()
		for i := 2; i < len(calls); i++ {
			gap := calls[i].Sub(calls[i-1])
			if gap <= 0 || gap > DefaultMaxBackoff {
				t.Fatalf("retry %d after %v; want in (0, %v]", i, gap, DefaultMaxBackoff)
			}
			// At most a quarter of the time left, unless the limit of
			// failing fetches per minute held the retry back.
			held := i >= maxFailingFetches && calls[i].Sub(calls[i-maxFailingFetches]) <= time.Minute
			if left := tok.ExpiresAt.Sub(calls[i-1]); left > 0 && gap > max(left/4, DefaultMinBackoff) && !held {
				t.Errorf("retry after %v with %v left; want at most a quarter of the time left", gap, left)
			}
			if i >= maxFailingFetches {
				if w := calls[i].Sub(calls[i-maxFailingFetches]); w < time.Minute {
					t.Errorf("%d fetches in %v; want at most %d a minute while failing", maxFailingFetches+1, w, maxFailingFetches)
				}
			}
		}
		after := 0
		for _, c := range calls {
			if c.After(tok.ExpiresAt.Add(time.Hour)) {
				after++
			}
		}
		if after < 100 {
			t.Errorf("%d attempts in the second hour after expiry; want retries to go on at the cap", after)
		}
		if ex := rec.events("expired"); len(ex) != 1 {
			t.Errorf("%d TokenExpired events; want exactly 1", len(ex))
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := r.Token(ctx)
		cancel()
		if !errors.Is(err, ErrExpired) || !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, errFlaky) || Code(err) != "expired" {
			t.Errorf("Token() after expiry with renewal failing = %v (code %q); want ErrExpired, the deadline and the last failure", err, Code(err))
		}
		src.set(func(f *fakeSource) { down = false })
		time.Sleep(DefaultMaxBackoff)
		if tok, err := r.Token(context.Background()); err != nil || !tok.ValidAt(time.Now()) {
			t.Errorf("after the source recovered: Token() = %v, %v", tok, err)
		}
		r.Stop()
	})
}

func TestRetryAfterIsHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		src.fail = func(n int, _ time.Time) error {
			if n == 2 {
				return &StatusError{StatusCode: 503, RetryAfter: 3 * time.Minute}
			}
			return nil
		}
		r := start(t, Config{Source: src})
		time.Sleep(time.Hour)
		r.Stop()
		calls := src.callTimes()
		if len(calls) < 3 {
			t.Fatalf("%d calls", len(calls))
		}
		if gap := calls[2].Sub(calls[1]); gap < 3*time.Minute {
			t.Errorf("retried %v after a Retry-After of 3m", gap)
		}
	})
}

func TestPermanentFailureStopsUntilRefreshOrResume(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		denied := true
		src.fail = func(n int, _ time.Time) error {
			if n > 1 && denied {
				return &StatusError{StatusCode: 401}
			}
			return nil
		}
		rec := newRecorder()
		r := start(t, Config{Source: src, Listener: rec})
		time.Sleep(2 * time.Hour)
		if n := src.count(); n != 2 {
			t.Errorf("%d fetches after a 401; want the first and one failed renewal", n)
		}
		errs := rec.events("error")
		if len(errs) != 1 || !errors.Is(errs[0].err, ErrUnauthorized) || !IsPermanent(errs[0].err) {
			t.Fatalf("errors reported: %v; want one permanent ErrUnauthorized", errs)
		}
		if _, err := r.Token(context.Background()); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("Token() after expiry = %v; want ErrUnauthorized at once", err)
		}
		if s := r.Stats(); !s.Waiting || s.Valid {
			t.Errorf("Stats = %+v; want waiting, not valid", s)
		}
		if _, err := r.Refresh(context.Background()); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("Refresh() = %v; want ErrUnauthorized again", err)
		}
		src.set(func(*fakeSource) { denied = false })
		r.Resume()
		if tok, err := r.Token(context.Background()); err != nil || !tok.ValidAt(time.Now()) {
			t.Errorf("after Resume: Token() = %v, %v", tok, err)
		}
		r.Stop()
	})
}

func TestNoProgressIsNotSuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		src.same = true
		rec := newRecorder()
		r := start(t, Config{Source: src, Listener: rec})
		tok, _ := r.Token(context.Background())
		time.Sleep(time.Until(tok.ExpiresAt) - time.Second)
		r.Stop()
		n := src.count()
		if n > 60 {
			t.Errorf("%d fetches while the server kept handing back the same token; want backoff", n)
		}
		errs := rec.events("error")
		if len(errs) == 0 || !errors.Is(errs[0].err, ErrNoProgress) {
			t.Fatalf("errors %v; want ErrNoProgress", errs)
		}
		if renews := rec.events("renew"); len(renews) != 1 {
			t.Errorf("%d RenewToken events for one token", len(renews))
		}
	})
}

func TestAlreadyExpiredTokenIsRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := SourceFunc(func(ctx context.Context) (Token, error) {
			return Token{Value: "old", ExpiresAt: time.Now().Add(-time.Second)}, nil
		})
		r := start(t, Config{Source: src})
		tok, err := r.Token(waitCtx(t, 10*time.Second))
		if !errors.Is(err, ErrAlreadyExpired) || tok.Value != "" {
			t.Errorf("Token() = %v, %v; want ErrAlreadyExpired and no token", tok, err)
		}
		r.Stop()
	})
}

func TestTokenNeverWaitsForARenewalInProgress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		r := start(t, Config{Source: src})
		first, _ := r.Token(context.Background())
		release := make(chan struct{})
		src.set(func(f *fakeSource) { f.block = release })
		for i := 0; i < 3600 && src.inFlight.Load() == 0; i++ {
			time.Sleep(time.Second) // until the renewal has started and hangs
		}
		if src.inFlight.Load() != 1 {
			t.Fatal("no renewal in flight")
		}
		start := time.Now()
		tok, err := r.Token(context.Background())
		if err != nil || tok.Value != first.Value || time.Since(start) != 0 {
			t.Errorf("Token() during a renewal = %v, %v after %v; want the current token at once", tok, err, time.Since(start))
		}
		close(release)
		r.Stop()
	})
}

func TestConcurrentCallersShareOneFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		release := make(chan struct{})
		src.block = release
		r := start(t, Config{Source: src})
		var wg sync.WaitGroup
		vals := make([]string, 100)
		for i := range vals {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tok, err := r.Token(context.Background())
				if err != nil {
					t.Error(err)
				}
				vals[i] = tok.Value
			}()
		}
		synctest.Wait()
		close(release)
		wg.Wait()
		if n := src.count(); n != 1 {
			t.Errorf("%d fetches for 100 callers; want 1", n)
		}
		for _, v := range vals {
			if v != vals[0] || v == "" {
				t.Fatalf("callers got different tokens: %q and %q", vals[0], v)
			}
		}
		r.Stop()
	})
}

func TestCallerGivingUpDoesNotCancelTheFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		src.fail = func(int, time.Time) error { time.Sleep(5 * time.Second); return nil }
		r := start(t, Config{Source: src})
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if _, err := r.Token(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Token() = %v; want the caller's deadline", err)
		}
		time.Sleep(5 * time.Second)
		if tok, err := r.Token(context.Background()); err != nil || tok.Value != "tok-1" {
			t.Errorf("Token() = %v, %v; want the token of the one fetch", tok, err)
		}
		if n := src.count(); n != 1 {
			t.Errorf("%d fetches; want 1", n)
		}
		r.Stop()
	})
}

// An idle renewer is the Renewer, its current record, its timer and the
// token's bytes: the first two fill their allocation size classes (288 and
// 96 bytes on 64-bit platforms), and a field added to either moves it to
// the next class.
func TestIdleRenewerRecordsFitTheirSizeClasses(t *testing.T) {
	if n := unsafe.Sizeof(Renewer{}); n > 288 {
		t.Errorf("a Renewer takes %d bytes; want at most 288", n)
	}
	if n := unsafe.Sizeof(current{}); n > 96 {
		t.Errorf("a current token record takes %d bytes; want at most 96", n)
	}
}

func TestTokenIsAllocationFree(t *testing.T) {
	r := start(t, Config{Source: newFakeSource(time.Hour), Seed: Token{Value: "seed", ExpiresAt: time.Now().Add(time.Hour)}})
	ctx := context.Background()
	if a := testing.AllocsPerRun(1000, func() {
		if _, err := r.Token(ctx); err != nil {
			t.Fatal(err)
		}
	}); a != 0 {
		t.Errorf("Token() allocates %v times per call; want 0", a)
	}
	r.Stop()
}

// Listener methods run outside every lock (they may call the renewer), one
// at a time and in order; a slow one holds up no Token caller and loses no
// event.
func TestListenerRunsInOrderOutsideLocks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(2 * time.Minute)
		var r *Renewer
		var mu sync.Mutex
		var seen []string
		active := 0
		l := ListenerFuncs{OnRenewToken: func(tok Token) {
			mu.Lock()
			active++
			if active > 1 {
				t.Error("two listener calls at once")
			}
			mu.Unlock()
			_ = r.Stats()
			if got, err := r.Token(context.Background()); err != nil || got.Value == "" {
				t.Errorf("Token() inside a callback = %v, %v", got, err)
			}
			if len(seen) < 3 {
				time.Sleep(10 * time.Minute) // a very slow listener, for a while
			}
			mu.Lock()
			seen = append(seen, tok.Value)
			active--
			mu.Unlock()
		}}
		r, _ = New(Config{Source: src, Listener: l})
		r.Start(context.Background())
		for i := 0; i < 30; i++ {
			time.Sleep(time.Minute)
			if _, err := r.Token(context.Background()); err != nil {
				t.Fatalf("Token() behind a slow listener: %v", err)
			}
		}
		time.Sleep(3 * time.Hour) // let the listener catch up
		r.Stop()
		want := src.count()
		if len(seen) != want {
			t.Fatalf("listener saw %d tokens of %d", len(seen), want)
		}
		for i, v := range seen {
			if v != fmt.Sprintf("tok-%d", i+1) {
				t.Fatalf("event %d was %s: out of order", i, v)
			}
		}
	})
}

func TestSleepPastRenewalIsNoticedWithinWakeInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := &shiftedClock{}
		src := newFakeSource(time.Hour)
		src.clock = clk.now
		rec := newRecorder()
		rec.clock = clk.now
		r, _ := New(Config{Source: src, Listener: rec})
		r.now = clk.now
		r.Start(context.Background())
		time.Sleep(10 * time.Minute)
		clk.sleep(2 * time.Hour) // the device slept; Go's timers did not run
		time.Sleep(DefaultWakeInterval)
		synctest.Wait()
		if n := src.count(); n != 2 {
			t.Errorf("%d fetches one wake interval after waking; want the renewal", n)
		}
		if ex := rec.events("expired"); len(ex) != 1 {
			t.Errorf("%d TokenExpired events for the token that expired in sleep", len(ex))
		}
		r.Stop()
	})
}

func TestTokenAndResumeNoticeSleepAtOnce(t *testing.T) {
	for _, how := range []string{"Token", "Resume"} {
		t.Run(how, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				clk := &shiftedClock{}
				src := newFakeSource(time.Hour)
				src.clock = clk.now
				r, _ := New(Config{Source: src})
				r.now = clk.now
				r.Start(context.Background())
				time.Sleep(time.Second)
				clk.sleep(58 * time.Minute) // past the renewal time, not the expiry
				if how == "Token" {
					if _, err := r.Token(context.Background()); err != nil {
						t.Fatal(err)
					}
				} else {
					r.Resume()
				}
				synctest.Wait()
				if n := src.count(); n != 2 {
					t.Errorf("%d fetches right after %s; want the renewal at once", n, how)
				}
				r.Stop()
			})
		})
	}
}

func TestInvalidateFetchesANewToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		r := start(t, Config{Source: src})
		first, _ := r.Token(context.Background())
		r.Invalidate("")
		tok, err := r.Token(context.Background())
		if err != nil || tok.Value == first.Value {
			t.Errorf("Token() after Invalidate = %v, %v; want a new token", tok, err)
		}
		// A server that hands the rejected token back makes no progress.
		src.set(func(f *fakeSource) { f.same = true })
		r.Invalidate("")
		if _, err := r.Token(waitCtx(t, 10*time.Second)); !errors.Is(err, ErrNoProgress) {
			t.Errorf("Token() when the server returns the invalidated token = %v; want ErrNoProgress", err)
		}
		r.Stop()
	})
}

func TestRefreshForcesAFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		rec := newRecorder()
		r := start(t, Config{Source: src, Listener: rec})
		first, _ := r.Token(context.Background())
		time.Sleep(time.Second)
		tok, err := r.Refresh(context.Background())
		if err != nil || tok.Value == first.Value {
			t.Errorf("Refresh() = %v, %v; want a new token", tok, err)
		}
		if cur, _ := r.Token(context.Background()); cur.Value != tok.Value {
			t.Error("Token() does not serve the refreshed token")
		}
		synctest.Wait()
		r.Stop()
		if n := len(rec.events("renew")); n != 2 {
			t.Errorf("%d RenewToken events; want 2", n)
		}
	})
}

func TestSeedWithinRenewalPointNeedsNoFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		seed := Token{Value: "seed", IssuedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
		r := start(t, Config{Source: src, Seed: seed})
		time.Sleep(20 * time.Minute)
		if tok, err := r.Token(context.Background()); err != nil || tok.Value != "seed" || src.count() != 0 {
			t.Errorf("Token() = %v, %v after %d fetches; want the seed and none", tok, err, src.count())
		}
		r.Stop()
	})
}

func TestSeedPastRenewalPointIsServedWhileRenewing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		release := make(chan struct{})
		src.block = release
		seed := Token{Value: "seed", IssuedAt: time.Now().Add(-55 * time.Minute), ExpiresAt: time.Now().Add(5 * time.Minute)}
		r := start(t, Config{Source: src, Seed: seed})
		synctest.Wait()
		if tok, err := r.Token(context.Background()); err != nil || tok.Value != "seed" || src.inFlight.Load() != 1 {
			t.Errorf("Token() = %v, %v with %d fetches in flight; want the seed while renewing", tok, err, src.inFlight.Load())
		}
		close(release)
		r.Stop()
	})
}

func TestLifecycleErrors(t *testing.T) {
	r, err := New(Config{Source: newFakeSource(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Token(context.Background()); !errors.Is(err, ErrNotStarted) {
		t.Errorf("Token() before Start = %v; want ErrNotStarted", err)
	}
	if _, err := r.Refresh(context.Background()); !errors.Is(err, ErrNotStarted) {
		t.Errorf("Refresh() before Start = %v; want ErrNotStarted", err)
	}
	r.Invalidate("")
	r.Resume()
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); !errors.Is(err, ErrAlreadyStarted) {
		t.Errorf("second Start = %v; want ErrAlreadyStarted", err)
	}
	r.Stop()
	r.Stop()
	if _, err := r.Token(context.Background()); !errors.Is(err, ErrStopped) {
		t.Errorf("Token() after Stop = %v; want ErrStopped", err)
	}
	if _, err := r.Refresh(context.Background()); !errors.Is(err, ErrStopped) {
		t.Errorf("Refresh() after Stop = %v; want ErrStopped", err)
	}
	if err := r.Start(context.Background()); !errors.Is(err, ErrStopped) {
		t.Errorf("Start after Stop = %v; want ErrStopped", err)
	}
	if _, err := New(Config{}); err == nil {
		t.Error("New with neither URL nor Source succeeded")
	}
}

func TestStopCancelsAFetchAndWaitersInBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		src.block = make(chan struct{}) // never released: Stop must cancel it
		r := start(t, Config{Source: src})
		done := make(chan error)
		go func() {
			_, err := r.Token(context.Background())
			done <- err
		}()
		synctest.Wait()
		r.Stop()
		if err := <-done; !errors.Is(err, ErrStopped) {
			t.Errorf("waiting Token() = %v; want ErrStopped", err)
		}
	})
}

func TestStopFromAListenerDoesNotDeadlock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r *Renewer
		r, _ = New(Config{Source: newFakeSource(time.Hour), Listener: ListenerFuncs{
			OnRenewToken: func(Token) { r.Stop() },
		}})
		r.Start(context.Background())
		time.Sleep(time.Second)
		synctest.Wait()
		if _, err := r.Token(context.Background()); !errors.Is(err, ErrStopped) {
			t.Errorf("Token() = %v; want ErrStopped", err)
		}
	})
}

func TestSourcePanicIsAnError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Config{Source: SourceFunc(func(context.Context) (Token, error) { panic("boom") })})
		if _, err := r.Token(waitCtx(t, 10*time.Second)); err == nil || !strings.Contains(err.Error(), "boom") {
			t.Errorf("Token() = %v after the source panicked; want the panic as the last failure", err)
		}
		r.Stop()
	})
}

// TestSourcePanicIsARecoveredPanicAndRetried: a Source that panics fails
// its fetch with an error that matches ErrPanic, has code "internal" (a bug
// in the app's code, not the network) and is transient: the renewer tries
// again and serves the next token.
func TestSourcePanicIsARecoveredPanicAndRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		src.fail = func(n int, _ time.Time) error {
			if n == 1 {
				panic("boom")
			}
			return nil
		}
		rec := newRecorder()
		r := start(t, Config{Source: src, Listener: rec})
		if tok, err := r.Token(waitCtx(t, time.Minute)); err != nil || tok.Value != "tok-2" {
			t.Fatalf("Token() = %v, %v; want tok-2, fetched after the panic", tok, err)
		}
		synctest.Wait()
		errs := rec.events("error")
		if len(errs) != 1 {
			t.Fatalf("errors %v; want the panic alone", errs)
		}
		err := errs[0].err
		if !errors.Is(err, ErrPanic) || Code(err) != "internal" || IsPermanent(err) || !strings.Contains(err.Error(), "source panicked: boom") {
			t.Errorf("error %q: ErrPanic %t, code %q, permanent %t; want a transient ErrPanic, code internal, with the panic's text",
				err, errors.Is(err, ErrPanic), Code(err), IsPermanent(err))
		}
	})
}

func TestStatsCount(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFakeSource(time.Hour)
		src.fail = func(n int, _ time.Time) error {
			if n == 2 {
				return errFlaky
			}
			return nil
		}
		r := start(t, Config{Source: src})
		time.Sleep(time.Hour)
		s := r.Stats()
		r.Stop()
		if s.Fetches != 3 || s.Renewals != 2 || s.Failures != 1 || !s.Valid || s.NextAttempt.IsZero() || s.LastError != nil {
			t.Errorf("Stats = %+v", s)
		}
	})
}
