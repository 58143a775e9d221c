//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
	"testing"

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
		{"bad options", optionsError("x"), "invalid_options"},
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
	e := jsError(errors.Join(context.Canceled, &renewer.StatusError{StatusCode: 503}))
	c := e.Get("cause")
	if e.Get("code").String() != "stopped" || c.Type() != js.TypeObject || c.Get("code").String() != "http_status" || c.Get("status").Int() != 503 {
		t.Errorf("code %v, cause %v", e.Get("code"), c)
	}
	if c := jsError(&renewer.StatusError{StatusCode: 401}).Get("cause"); !c.IsUndefined() {
		t.Errorf("a single failure has cause %v", c)
	}
	if e := jsError(optionsError("x")); !e.Get("permanent").Bool() {
		t.Error("an options error is not permanent")
	}
}
