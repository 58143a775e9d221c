//go:build !js

package renewer_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// checkingSource is a custom Source whose identity check is the app's
// code: it panics, or returns a typed nil error, as check says.
type checkingSource struct{ check func(renewer.Token) error }

func (checkingSource) Fetch(context.Context) (renewer.Token, error) {
	return renewer.Token{Value: "fresh", ExpiresAt: time.Now().Add(time.Hour)}, nil
}
func (s checkingSource) CheckToken(tok renewer.Token) error { return s.check(tok) }

// panickyProfile is a custom Profile whose NewRequest panics, or returns a
// typed nil error.
type panickyProfile struct{ typedNil bool }

func (p panickyProfile) NewRequest(string) (*renewer.Request, error) {
	if p.typedNil {
		var e *nilErr
		return nil, e
	}
	panic("the app's profile is broken")
}
func (panickyProfile) Parse(*renewer.Response) (renewer.Grant, error) { return renewer.Grant{}, nil }

// TestAppCodeNewCallsCannotCrashTheProcess: the app code New and Start call
// on the caller's goroutine (a Profile's NewRequest, a TokenChecker's
// CheckToken) is guarded as a fetch is: a panic is an error matching
// ErrPanic, and a typed nil error is read without a nil dereference, even
// by a caller that prints what New returned.
func TestAppCodeNewCallsCannotCrashTheProcess(t *testing.T) {
	seed := renewer.Token{Value: "seeded", ExpiresAt: time.Now().Add(time.Hour)}
	cases := []struct {
		name  string
		cfg   renewer.Config
		panic bool
	}{
		{"a Profile's NewRequest panics", renewer.Config{URL: "https://tokens.example/t", Profile: panickyProfile{}}, true},
		{"a Profile's NewRequest returns a typed nil", renewer.Config{URL: "https://tokens.example/t", Profile: panickyProfile{typedNil: true}}, false},
		{"a Source's CheckToken panics on the seed", renewer.Config{Seed: seed, Source: checkingSource{func(renewer.Token) error { panic("the app's check is broken") }}}, true},
		{"a Source's CheckToken returns a typed nil", renewer.Config{Seed: seed, Source: checkingSource{func(renewer.Token) error { var e *nilErr; return e }}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := renewer.New(c.cfg)
			if err == nil {
				t.Fatal("New accepted it")
			}
			if got := err.Error(); got == "" {
				t.Error("an empty error text")
			}
			if c.panic && !errors.Is(err, renewer.ErrPanic) {
				t.Errorf("New: %v; want an error matching ErrPanic", err)
			}
		})
	}
}
