package renewer

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/tokenrenew/tokenrenew/internal/wire"
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
		{wire.Pair(ErrOriginNotAllowed, &StatusError{StatusCode: 403}), "origin_not_allowed"},
		{&StatusError{StatusCode: 503}, "http_status"},
		{Permanent(ErrInsecureURL), "insecure_url"},
		{wire.Wrap(ErrNoProgress, "same token"), "no_progress"},
		{wire.Pair(ErrStore, errors.New("disk full")), "store"},
		{wire.Prefix("renewer: request", context.DeadlineExceeded), "timeout"},
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
	_, union, ok := strings.Cut(string(b), "export type ErrorCode =")
	union, _, _ = strings.Cut(union, ";")
	if !ok {
		t.Fatal("tokenrenew.d.ts has no ErrorCode union")
	}
	for _, name := range Codes() {
		if !strings.Contains(union, `"`+name+`"`) {
			t.Errorf("ErrorCode in tokenrenew.d.ts lacks %q", name)
		}
	}
}
