//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
	"testing"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
)

func TestErrorCodeNamesEveryCondition(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"a 401 is unauthorized", &renewer.StatusError{StatusCode: 401}, "unauthorized"},
		{"a 403 is forbidden", &renewer.StatusError{StatusCode: 403}, "forbidden"},
		{"a refused origin wins over its 403", fmt.Errorf("%w (%w)", renewer.ErrOriginNotAllowed, &renewer.StatusError{StatusCode: 403}), "origin_not_allowed"},
		{"a 503 is http_status", &renewer.StatusError{StatusCode: 503}, "http_status"},
		{"a wrapped sentinel keeps its code", fmt.Errorf("x: %w", renewer.ErrNoProgress), "no_progress"},
		{"insecure URL", renewer.ErrInsecureURL, "insecure_url"},
		{"body too large", renewer.ErrBodyTooLarge, "body_too_large"},
		{"a deadline is timeout", fmt.Errorf("req: %w", context.DeadlineExceeded), "timeout"},
		{"a caller's canceled wait is canceled", fmt.Errorf("wait: %w", context.Canceled), "canceled"},
		{"a stopped renewer is stopped", renewer.ErrStopped, "stopped"},
		{"bad options", badOptions("x"), "invalid_options"},
		{"anything else is network", errors.New("fetch failed"), "network"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errorCode(tt.err); got != tt.code {
				t.Errorf("errorCode(%v) = %q, want %q", tt.err, got, tt.code)
			}
		})
	}
}

// TestErrorCodeIsTheRenewersCode holds the face to renewer.Code: for every
// error the renewer can hand it, its code is the renewer's, canceled and
// timed-out waits included; only its own option errors have a code of the
// face's.
func TestErrorCodeIsTheRenewersCode(t *testing.T) {
	r, err := renewer.New(renewer.Config{Source: renewer.SourceFunc(func(ctx context.Context) (renewer.Token, error) {
		<-ctx.Done() // a fetch that never ends before Stop
		return renewer.Token{}, ctx.Err()
	})})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	_, canceledWait := r.Token(canceled)
	expired, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, deadlineWait := r.Token(expired)
	alreadyStarted := r.Start(context.Background())
	r.Stop()
	<-r.Done()
	_, stopped := r.Token(context.Background())

	errs := map[string]error{
		"a canceled wait":              canceledWait,
		"a wait past its deadline":     deadlineWait,
		"a second Start":               alreadyStarted,
		"a stopped renewer":            stopped,
		"context.Canceled":             context.Canceled,
		"context.DeadlineExceeded":     context.DeadlineExceeded,
		"a 503 behind a canceled wait": errors.Join(context.Canceled, &renewer.StatusError{StatusCode: 503}),
	}
	for what, err := range errs {
		if got, want := errorCode(err), renewer.Code(err); got != want {
			t.Errorf("%s: errorCode = %q, renewer.Code = %q", what, got, want)
		}
	}
	if got := errorCode(canceledWait); got != "canceled" {
		t.Errorf("a canceled wait: errorCode = %q, want canceled", got)
	}
	if got := errorCode(deadlineWait); got != "timeout" {
		t.Errorf("a wait past its deadline: errorCode = %q, want timeout", got)
	}
}

func TestJSErrorCarriesCodeStatusAndPermanence(t *testing.T) {
	e := jsError(&renewer.StatusError{StatusCode: 401})
	if !e.InstanceOf(js.Global().Get("Error")) {
		t.Fatal("not an Error")
	}
	if e.Get("code").String() != "unauthorized" || e.Get("status").Int() != 401 || !e.Get("permanent").Bool() {
		t.Errorf("code=%v status=%v permanent=%v", e.Get("code"), e.Get("status"), e.Get("permanent"))
	}
}

func TestParseOptionsMapsTheLeadAndRejectsBadTypes(t *testing.T) {
	o := js.Global().Get("Object").New()
	o.Set("url", "https://tokens.example/getToken")
	o.Set("profile", "json")
	cfg, err := parseOptions(o)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RefreshBefore != 0 {
		t.Errorf("RefreshBefore = %v with no refreshBeforeMs; want zero, the renewer's default", cfg.RefreshBefore)
	}
	o.Set("refreshBeforeMs", 90000)
	if cfg, _ = parseOptions(o); cfg.RefreshBefore.Seconds() != 90 {
		t.Errorf("refreshBeforeMs 90000 gave %v", cfg.RefreshBefore)
	}
	o.Set("warnBeforeMs", "soon")
	if _, err := parseOptions(o); errorCode(err) != "invalid_options" {
		t.Errorf("a string warnBeforeMs gave %v", err)
	}
}

func TestJSErrorCarriesTheFailureBehindAsCause(t *testing.T) {
	e := jsError(&renewer.WaitError{Err: context.Canceled, Last: &renewer.StatusError{StatusCode: 503}})
	c := e.Get("cause")
	if e.Get("code").String() != "canceled" || c.Type() != js.TypeObject || c.Get("code").String() != "http_status" || c.Get("status").Int() != 503 {
		t.Errorf("code %v, cause %v", e.Get("code"), c)
	}
	if c := jsError(&renewer.StatusError{StatusCode: 401}).Get("cause"); !c.IsUndefined() {
		t.Errorf("a single failure has cause %v", c)
	}
	// Only a wait's last failure is a cause, not the last of any joined errors.
	if c := jsError(errors.Join(context.Canceled, &renewer.StatusError{StatusCode: 503})).Get("cause"); !c.IsUndefined() {
		t.Errorf("a joined error that is no wait has cause %v", c)
	}
	if e := jsError(badOptions("x")); !e.Get("permanent").Bool() {
		t.Error("an options error is not permanent")
	}
}
