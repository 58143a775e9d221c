package renewer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
)

type timeoutError struct{}

func (timeoutError) Error() string { return "i/o timeout" }
func (timeoutError) Timeout() bool { return true }

func TestCode(t *testing.T) {
	cases := []struct {
		err  error
		code string
	}{
		{nil, ""},
		{&StatusError{StatusCode: 401}, "unauthorized"},
		{&StatusError{StatusCode: 403}, "forbidden"},
		{errtext.Pair(ErrOriginNotAllowed, &StatusError{StatusCode: 403}), "origin_not_allowed"},
		{&StatusError{StatusCode: 503}, "http_status"},
		{Permanent(ErrInsecureURL), "insecure_url"},
		{errtext.Wrap(ErrNoProgress, "same token"), "no_progress"},
		{errtext.Pair(ErrStore, errors.New("disk full")), "store"},
		{errtext.Pair(ErrStore, ErrPanic), "internal"},
		{errtext.Wrap(ErrPanic, "in Source"), "internal"},
		{errtext.Prefix("renewer: request", context.DeadlineExceeded), "timeout"},
		{timeoutError{}, "timeout"},
		{context.Canceled, "canceled"},
		{errors.New("connection refused"), "network"},
	}
	for _, c := range cases {
		if got := Code(c.err); got != c.code {
			t.Errorf("Code(%v) = %q; want %q", c.err, got, c.code)
		}
	}
}

// TestEveryCodeIsInTheTypeScriptUnion holds the browser's ErrorCode union
// to the one table of codes (the mobile face has its own test).
func TestEveryCodeIsInTheTypeScriptUnion(t *testing.T) {
	b, err := os.ReadFile("../wasm/js/tokenrenew.d.ts")
	if err != nil {
		t.Skip("no wasm/js beside this package:", err)
	}
	members, err := stringUnion(string(b), "export type ErrorCode =")
	if err != nil {
		t.Fatalf("tokenrenew.d.ts: %v", err)
	}
	in := map[string]bool{}
	for _, m := range members {
		in[m] = true
	}
	// The browser's own code, for createRenewer options it cannot use.
	jsOnly := map[string]bool{"invalid_options": true}
	for _, name := range Codes() {
		if !in[name] {
			t.Errorf("ErrorCode in tokenrenew.d.ts lacks %q", name)
		}
		jsOnly[name] = true
	}
	for _, m := range members {
		if !jsOnly[m] {
			t.Errorf("ErrorCode in tokenrenew.d.ts has %q, which is not a code", m)
		}
	}
}

// stringUnion reads the TypeScript union of string literals that follows
// decl in src: "a" | "b" ..., with comments anywhere between members, up to
// the ';' that ends it.
func stringUnion(src, decl string) ([]string, error) {
	_, rest, ok := strings.Cut(src, decl)
	if !ok {
		return nil, fmt.Errorf("no %q", decl)
	}
	var members []string
	for {
		rest = strings.TrimLeft(rest, " \t\r\n")
		switch {
		case strings.HasPrefix(rest, "/*"):
			_, after, ok := strings.Cut(rest, "*/")
			if !ok {
				return nil, errors.New("a comment does not end")
			}
			rest = after
		case strings.HasPrefix(rest, "//"):
			_, rest, _ = strings.Cut(rest, "\n")
		case strings.HasPrefix(rest, "|"):
			rest = rest[1:]
		case strings.HasPrefix(rest, `"`):
			lit, after, ok := strings.Cut(rest[1:], `"`)
			if !ok {
				return nil, errors.New("a string does not end")
			}
			members, rest = append(members, lit), after
		case strings.HasPrefix(rest, ";"):
			return members, nil
		default:
			return nil, fmt.Errorf("the union ends at %.20q, not at ';'", rest)
		}
	}
}

// refusingProfile is a custom Profile whose NewRequest refuses its
// settings with an error of its own.
type refusingProfile struct{ JSON }

func (refusingProfile) NewRequest(string) (*Request, error) {
	return nil, errors.New("scope is not set")
}

// refusingStore is a Store whose every call fails.
type refusingStore struct{}

func (refusingStore) Load(context.Context, string) (Token, error) {
	return Token{}, errors.New("keychain locked")
}
func (refusingStore) Save(context.Context, string, Token) error { return errors.New("disk full") }

// panickingStore is a Store whose every call panics.
type panickingStore struct{}

func (panickingStore) Load(context.Context, string) (Token, error) { panic("keychain exploded") }
func (panickingStore) Save(context.Context, string, Token) error   { panic("keychain exploded") }

// TestEveryErrorTheRenewerMakesHasItsOwnCode drives the exported methods
// into every failure the engine itself decides (not the Source's or the
// transport's own errors, which keep the code of what they match, and
// "network" when they match nothing) and checks that Code names each one:
// none may fall through to "network", the fallback.
func TestEveryErrorTheRenewerMakesHasItsOwnCode(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		type outcome struct {
			what string
			err  error
			code string
		}
		var got []outcome
		note := func(what string, err error, code string) { got = append(got, outcome{what, err, code}) }

		_, err := New(Config{})
		note("New with neither URL nor Source", err, "invalid_url")
		_, err = New(Config{URL: "ftp://tokens.example/"})
		note("New with a URL that is not http or https", err, "invalid_url")
		_, err = New(Config{URL: "http://tokens.example/"})
		note("New with plain http to another host", err, "insecure_url")
		_, err = New(Config{URL: "https://tokens.example/", Profile: JSON{Method: "DELETE"}})
		note("New with profile settings a server would refuse", err, "invalid_profile")
		_, err = New(Config{URL: "https://tokens.example/", Profile: refusingProfile{}})
		note("New with a custom profile refusing its settings in its own words", err, "invalid_profile")

		src := newFakeSource(time.Hour)
		src.block = make(chan struct{})
		rec := newRecorder()
		r, err := New(Config{Source: src, Listener: rec, Store: refusingStore{}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Token(context.Background())
		note("Token before Start", err, "not_started")
		_, err = r.Refresh(context.Background())
		note("Refresh before Start", err, "not_started")
		if err := r.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		note("Start a second time", r.Start(context.Background()), "already_started")

		canceled, cancel := context.WithCancel(context.Background())
		cancel()
		_, err = r.Token(canceled)
		note("Token whose caller canceled the wait", err, "canceled")
		_, err = r.Refresh(canceled)
		note("Refresh whose caller canceled the wait", err, "canceled")
		short, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err = r.Token(short)
		cancel()
		note("Token whose wait passed its deadline", err, "timeout")
		short, cancel = context.WithTimeout(context.Background(), time.Second)
		_, err = r.Refresh(short)
		cancel()
		note("Refresh whose wait passed its deadline", err, "timeout")
		synctest.Wait()
		for _, e := range rec.events("error") {
			note("the Store's failure, told to the Listener", e.err, "store")
		}

		r.Stop()
		note("Start after Stop", r.Start(context.Background()), "stopped")
		_, err = r.Token(context.Background())
		note("Token after Stop", err, "stopped")
		_, err = r.Refresh(context.Background())
		note("Refresh after Stop", err, "stopped")
		<-r.Done()

		var reentrant [2]error
		var self *Renewer
		self, err = New(Config{Source: SourceFunc(func(ctx context.Context) (Token, error) {
			_, reentrant[0] = self.Token(ctx)
			_, reentrant[1] = self.Refresh(ctx)
			return Token{}, errors.New("no token here")
		})})
		if err != nil {
			t.Fatal(err)
		}
		if err := self.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		self.Stop()
		<-self.Done()
		note("Token from inside the renewer's own fetch", reentrant[0], "reentrant")
		note("Refresh from inside the renewer's own fetch", reentrant[1], "reentrant")

		prec := newRecorder()
		panicky, err := New(Config{Source: SourceFunc(func(context.Context) (Token, error) { panic("boom") }),
			Store: panickingStore{}, Listener: prec})
		if err != nil {
			t.Fatal(err)
		}
		if err := panicky.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		panicky.Stop()
		<-panicky.Done()
		if errs := prec.events("error"); len(errs) >= 2 {
			note("a Store that panicked, told to the Listener", errs[0].err, "internal")
			note("a Source that panicked, told to the Listener", errs[1].err, "internal")
		}

		if len(got) != 20 {
			t.Errorf("saw %d outcomes, want 20: a step did not run", len(got))
		}
		for _, o := range got {
			if c := Code(o.err); c != o.code || c == "network" {
				t.Errorf("%s: Code(%v) = %q, want %q", o.what, o.err, c, o.code)
			}
		}
	})
}
