package renewer

import (
	"context"
	"errors"
	"math/rand"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestPropertyAppCallsKeepToTheRequestLimits drives whole renewers with
// seeded random app calls (Token, Refresh, Invalidate, Pause, Resume)
// against a source that mostly fails, often with a Retry-After and now and
// then for good, and checks the invariant of what comes next and
// every fetch they start against the documented limits: starts at least
// MinBackoff apart; while renewal fails, at most maxFailingFetches
// in any window of 60 MinBackoffs; and none but Refresh's under the floor
// of a Retry-After.
func TestPropertyAppCallsKeepToTheRequestLimits(t *testing.T) {
	for seed := range int64(6) {
		t.Run("seed "+strconv.FormatInt(seed, 10), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) { runRandomApp(t, seed) })
		})
	}
}

// checkWhatComesNext checks the invariant the Renewer's fields document:
// at most one of call, planned and blocked is set, and next only when no
// call is.
func checkWhatComesNext(t *testing.T, r *Renewer) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	set := 0
	for _, b := range []bool{r.call != nil, r.planned != 0, r.blocked} {
		if b {
			set++
		}
	}
	if set > 1 || (r.call != nil && r.next != nil) {
		t.Fatalf("call %v, next %v, planned %v, blocked %v: want at most one set, and next only with no call",
			r.call != nil, r.next != nil, r.plannedAt(), r.blocked)
	}
}

func runRandomApp(t *testing.T, seed int64) {
	rnd := rand.New(rand.NewSource(seed)) // the test goroutine's
	minB := time.Duration(200+rnd.Intn(1800)) * time.Millisecond
	var mu sync.Mutex
	srcRnd := rand.New(rand.NewSource(seed + 1000)) // the source's, under mu
	var infos []FetchInfo
	n := 0
	src := SourceFunc(func(context.Context) (Token, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		switch k := srcRnd.Intn(20); {
		case k == 0:
			return Token{}, &StatusError{StatusCode: 401} // permanent: waits for Refresh or Resume
		case k < 18:
			ra := time.Duration(srcRnd.Intn(4)) * time.Duration(srcRnd.Int63n(int64(20*time.Second)))
			return Token{}, &StatusError{StatusCode: 503, RetryAfter: ra}
		}
		now := time.Now()
		life := time.Duration(3+srcRnd.Intn(120)) * time.Second
		return Token{Value: "tok-" + strconv.Itoa(n), IssuedAt: now, ExpiresAt: now.Add(life)}, nil
	})
	onFetch := func(fi FetchInfo) {
		mu.Lock()
		defer mu.Unlock()
		infos = append(infos, fi)
	}
	r := start(t, Config{Source: src, MinBackoff: minB, OnFetch: onFetch})
	var wg sync.WaitGroup
	for range 300 {
		time.Sleep(time.Duration(rnd.Int63n(int64(minB))))
		wait := time.Duration(rnd.Int63n(int64(3 * time.Second)))
		switch rnd.Intn(6) {
		case 0:
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(context.Background(), wait)
				defer cancel()
				_, _ = r.Token(ctx)
			})
		case 1:
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(context.Background(), wait)
				defer cancel()
				_, _ = r.Refresh(ctx)
			})
		case 2:
			r.Invalidate("")
		case 3:
			r.Pause()
		case 4:
			r.Resume()
		}
		checkWhatComesNext(t, r)
	}
	wg.Wait()
	synctest.Wait() // every OnFetch call delivered
	r.Stop()

	mu.Lock()
	defer mu.Unlock()
	if len(infos) < 20 {
		t.Fatalf("%d fetches in all; want a run that tests the limits", len(infos))
	}
	window := 60 * minB     // as documented
	held, refreshes := 0, 0 // fetches the limits deferred, Refresh's fetches
	var floor time.Time
	var failing []time.Time // the starts since the first failure of this run of failures
	for i, fi := range infos {
		if i > 0 {
			if d := fi.Start.Sub(infos[i-1].Start); d < minB {
				t.Errorf("fetch %d (%v) started %v after the one before; want at least MinBackoff (%v)", i, fi.Trigger, d, minB)
			}
		}
		if fi.Trigger == TriggerRefresh {
			refreshes++
		}
		if i > 0 && fi.Start.Sub(infos[i-1].Start) < minB+time.Millisecond {
			held++
		}
		if fi.Trigger != TriggerRefresh && fi.Start.Before(floor) {
			t.Errorf("fetch %d (%v) started %v under the Retry-After floor", i, fi.Trigger, floor.Sub(fi.Start))
		}
		if len(failing) > 0 {
			failing = append(failing, fi.Start)
			if k := len(failing) - 1 - maxFailingFetches; k >= 0 && fi.Start.Sub(failing[k]) < window {
				t.Errorf("fetch %d (%v): %d fetches within %v while failing; want at most %d per %v",
					i, fi.Trigger, maxFailingFetches+1, fi.Start.Sub(failing[k]), maxFailingFetches, window)
			}
		}
		if fi.Err == nil {
			floor, failing = time.Time{}, nil
			continue
		}
		if len(failing) == 0 {
			failing = []time.Time{fi.Start}
		}
		var se *StatusError
		if errors.As(fi.Err, &se) && se.RetryAfter > 0 {
			floor = later(floor, fi.Start.Add(fi.Duration+min(se.RetryAfter, maxRetryAfter)))
		}
	}
	t.Logf("MinBackoff %v: %d fetches, %d by Refresh, %d held back to MinBackoff", minB, len(infos), refreshes, held)
}
