package renewertest_test

import (
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/agora"
	"github.com/tokenrenew/tokenrenew/renewer/renewertest"
	"github.com/tokenrenew/tokenrenew/renewer/roomservice"
)

// An app's tests run inside testing/synctest, which needs a *testing.T, so
// these examples are compiled but not run: each one's code is an app's test
// function, and the Test of the same name below runs that very code.

// An app renewing two-hour Agora tokens survives its token server being down
// for ten minutes across a renewal: the token never expires. A day of
// renewals takes milliseconds.
func Example_outage() {
	_ = func(t *testing.T) { // func TestSurvivesOutage(t *testing.T)
		synctest.Test(t, func(t *testing.T) {
			srv := renewertest.NewServer(renewertest.Options{
				TTL:    2 * time.Hour,
				Script: renewertest.MustParseScript("1h45m-1h55m outage"),
			})
			expired := make(chan renewer.Token, 1)
			r, err := renewer.New(renewer.Config{
				URL:       renewertest.URL,
				Profile:   agora.Profile{Channel: "lobby", UID: "42"},
				Transport: srv.Transport(), // in memory, on synctest's clock
				Listener: renewer.ListenerFuncs{
					OnTokenExpired: func(tok renewer.Token) { expired <- tok },
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Start(t.Context()); err != nil {
				t.Fatal(err)
			}
			defer r.Stop()

			time.Sleep(24 * time.Hour)
			select {
			case <-expired:
				t.Error("the token expired during the outage")
			default:
			}
			if r.Stats().Failures == 0 {
				t.Error("the renewal never met the outage")
			}
		})
	}
}

// TestSurvivesOutage runs Example_outage's code.
func TestSurvivesOutage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := renewertest.NewServer(renewertest.Options{
			TTL:    2 * time.Hour,
			Script: renewertest.MustParseScript("1h45m-1h55m outage"),
		})
		expired := make(chan renewer.Token, 1)
		r, err := renewer.New(renewer.Config{
			URL:       renewertest.URL,
			Profile:   agora.Profile{Channel: "lobby", UID: "42"},
			Transport: srv.Transport(), // in memory, on synctest's clock
			Listener: renewer.ListenerFuncs{
				OnTokenExpired: func(tok renewer.Token) { expired <- tok },
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer r.Stop()

		time.Sleep(24 * time.Hour)
		select {
		case <-expired:
			t.Error("the token expired during the outage")
		default:
		}
		if r.Stats().Failures == 0 {
			t.Error("the renewal never met the outage")
		}
	})
}

// When the token server starts answering 401 (the user's session was
// revoked), the renewer reports ErrUnauthorized once and stops asking; the
// app signs the user in again and re-joins with Refresh.
func Example_revoked() {
	_ = func(t *testing.T) { // func TestRejoinsAfterRevocation(t *testing.T)
		synctest.Test(t, func(t *testing.T) {
			srv := renewertest.NewServer(renewertest.Options{
				Script: renewertest.MustParseScript("1h- revoke"), // one-hour tokens
			})
			signedOut := make(chan struct{}, 1)
			r, err := renewer.New(renewer.Config{
				URL:       renewertest.URL + "/auth",
				Profile:   roomservice.Profile{Room: "lobby"},
				Transport: srv.Transport(),
				Listener: renewer.ListenerFuncs{OnError: func(err error) {
					if errors.Is(err, renewer.ErrUnauthorized) {
						signedOut <- struct{}{} // the app shows its sign-in screen
					}
				}},
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Start(t.Context()); err != nil {
				t.Fatal(err)
			}
			defer r.Stop()

			<-signedOut // after the first renewal past one hour
			fetches := r.Stats().Fetches
			time.Sleep(5 * time.Minute)
			if s := r.Stats(); s.Fetches != fetches || !s.Waiting {
				t.Errorf("the renewer kept asking after a 401: %+v", s)
			}
			srv.SetScript(nil) // the user signs in again
			tok, err := r.Refresh(t.Context())
			if err != nil || !tok.ValidAt(time.Now()) {
				t.Fatalf("no token after signing in again: %v", err)
			}
		})
	}
}

// TestRejoinsAfterRevocation runs Example_revoked's code.
func TestRejoinsAfterRevocation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := renewertest.NewServer(renewertest.Options{
			Script: renewertest.MustParseScript("1h- revoke"), // one-hour tokens
		})
		signedOut := make(chan struct{}, 1)
		r, err := renewer.New(renewer.Config{
			URL:       renewertest.URL + "/auth",
			Profile:   roomservice.Profile{Room: "lobby"},
			Transport: srv.Transport(),
			Listener: renewer.ListenerFuncs{OnError: func(err error) {
				if errors.Is(err, renewer.ErrUnauthorized) {
					signedOut <- struct{}{} // the app shows its sign-in screen
				}
			}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer r.Stop()

		<-signedOut // after the first renewal past one hour
		fetches := r.Stats().Fetches
		time.Sleep(5 * time.Minute)
		if s := r.Stats(); s.Fetches != fetches || !s.Waiting {
			t.Errorf("the renewer kept asking after a 401: %+v", s)
		}
		srv.SetScript(nil) // the user signs in again
		tok, err := r.Refresh(t.Context())
		if err != nil || !tok.ValidAt(time.Now()) {
			t.Fatalf("no token after signing in again: %v", err)
		}
	})
}

// When renewal fails until the end, the app is warned 30 seconds before
// its one-hour token expires, to the second on synctest's clock.
func Example_warning() {
	_ = func(t *testing.T) { // func TestWarnsBeforeExpiry(t *testing.T)
		synctest.Test(t, func(t *testing.T) {
			srv := renewertest.NewServer(renewertest.Options{
				Script: renewertest.MustParseScript("40m- status 503"),
			})
			start := time.Now()
			warned := make(chan time.Duration, 1)
			r, err := renewer.New(renewer.Config{
				URL:       renewertest.URL,
				Profile:   agora.Profile{Channel: "lobby", UID: "42"},
				Transport: srv.Transport(),
				Listener: renewer.ListenerFuncs{
					OnTokenWillExpire: func(renewer.Token, time.Duration) {
						warned <- time.Since(start)
					},
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Start(t.Context()); err != nil {
				t.Fatal(err)
			}
			defer r.Stop()

			if at := <-warned; at != 59*time.Minute+30*time.Second {
				t.Errorf("warned at %v, want 59m30s", at)
			}
		})
	}
}

// TestWarnsBeforeExpiry runs Example_warning's code.
func TestWarnsBeforeExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := renewertest.NewServer(renewertest.Options{
			Script: renewertest.MustParseScript("40m- status 503"),
		})
		start := time.Now()
		warned := make(chan time.Duration, 1)
		r, err := renewer.New(renewer.Config{
			URL:       renewertest.URL,
			Profile:   agora.Profile{Channel: "lobby", UID: "42"},
			Transport: srv.Transport(),
			Listener: renewer.ListenerFuncs{
				OnTokenWillExpire: func(renewer.Token, time.Duration) {
					warned <- time.Since(start)
				},
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer r.Stop()

		if at := <-warned; at != 59*time.Minute+30*time.Second {
			t.Errorf("warned at %v, want 59m30s", at)
		}
	})
}
