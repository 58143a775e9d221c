package renewer

import (
	"context"
	"errors"
	"testing"
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
		{&pairError{ErrOriginNotAllowed, &StatusError{StatusCode: 403}}, "origin_not_allowed"},
		{&StatusError{StatusCode: 503}, "http_status"},
		{Permanent(ErrInsecureURL), "insecure_url"},
		{wrapError(ErrNoProgress, "same token"), "no_progress"},
		{&pairError{ErrStore, errors.New("disk full")}, "store"},
		{prefixError("renewer: request", context.DeadlineExceeded), "timeout"},
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
