package mobile

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/tokenrenew/tokenrenew/renewer"
)

func TestCodeForMapsEveryConditionToItsStableCode(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		code      int64
		permanent bool
	}{
		{"no error is ErrorCodeNone", nil, ErrorCodeNone, false},
		{"a 401 is unauthorized and permanent", &renewer.StatusError{StatusCode: 401}, ErrorCodeUnauthorized, true},
		{"a wrapped 401 is still unauthorized", fmt.Errorf("fetch: %w", &renewer.StatusError{StatusCode: 401}), ErrorCodeUnauthorized, true},
		{"a 403 is forbidden and permanent", &renewer.StatusError{StatusCode: 403}, ErrorCodeForbidden, true},
		{"a 503 is an HTTP status, retried", &renewer.StatusError{StatusCode: 503}, ErrorCodeHTTPStatus, false},
		{"a 404 is an HTTP status, permanent", &renewer.StatusError{StatusCode: 404}, ErrorCodeHTTPStatus, true},
		{"a CORS refusal is origin not allowed", renewer.ErrOriginNotAllowed, ErrorCodeOriginNotAllowed, true},
		{"a CORS refusal wrapping its 403 is still origin not allowed", fmt.Errorf("%w (%w)", renewer.ErrOriginNotAllowed, &renewer.StatusError{StatusCode: 403}), ErrorCodeOriginNotAllowed, true},
		{"a failed Store", fmt.Errorf("%w (%w)", renewer.ErrStore, errors.New("keychain locked")), ErrorCodeStore, false},
		{"plain http is an insecure URL", renewer.ErrInsecureURL, ErrorCodeInsecureURL, true},
		{"no token field", renewer.ErrNoToken, ErrorCodeNoToken, false},
		{"a bad token value", fmt.Errorf("%w: byte 3", renewer.ErrInvalidToken), ErrorCodeInvalidToken, false},
		{"unparsable JSON", renewer.ErrMalformedResponse, ErrorCodeMalformedResponse, false},
		{"a huge body", renewer.ErrBodyTooLarge, ErrorCodeResponseTooLarge, false},
		{"an already expired token", renewer.ErrAlreadyExpired, ErrorCodeAlreadyExpired, false},
		{"the same token again", renewer.ErrNoProgress, ErrorCodeNoProgress, false},
		{"an expired token", renewer.ErrExpired, ErrorCodeExpired, false},
		{"before Start", renewer.ErrNotStarted, ErrorCodeNotStarted, false},
		{"after Stop", renewer.ErrStopped, ErrorCodeStopped, false},
		{"a deadline", context.DeadlineExceeded, ErrorCodeTimeout, false},
		{"a refused connection is the network", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, ErrorCodeNetwork, false},
		{"a recovered panic is internal", panicError("here", "boom", (*redactor)(nil).with()), ErrorCodeInternal, false},
		{"a panic the renewer recovered is internal", fmt.Errorf("source: %w", renewer.ErrPanic), ErrorCodeInternal, false},
		{"a Store's panic the renewer recovered is internal", fmt.Errorf("%w (%w)", renewer.ErrStore, renewer.ErrPanic), ErrorCodeInternal, false},
		{"a permanent custom failure keeps its flag", renewer.Permanent(errors.New("custom")), ErrorCodeNetwork, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := codeFor(tt.err); got != tt.code {
				t.Errorf("codeFor(%v) = %d, want %d", tt.err, got, tt.code)
			}
			if tt.err == nil {
				return
			}
			if got := renewer.IsPermanent(tt.err); got != tt.permanent {
				t.Errorf("IsPermanent(%v) = %t, want %t", tt.err, got, tt.permanent)
			}
			w := wrap(tt.err)
			if got := CodeOf(w.Error()); got != tt.code {
				t.Errorf("CodeOf(%q) = %d, want %d", w.Error(), got, tt.code)
			}
			if !errors.Is(w, tt.err) {
				t.Errorf("wrap(%v) does not unwrap to it", tt.err)
			}
		})
	}
}

// TestAPanicOfThisPackageIsTheRenewersPanic: the panics this package
// recovers match renewer.ErrPanic, so that renewer.Code classifies them as
// it does the renewer's own, and keep their text through the redaction.
func TestAPanicOfThisPackageIsTheRenewersPanic(t *testing.T) {
	err := panicError("Listener.OnRenewToken", "boom", (*redactor)(nil).with())
	if !errors.Is(err, renewer.ErrPanic) || renewer.Code(err) != "internal" {
		t.Errorf("panicError: ErrPanic %t, renewer.Code %q; want true, internal", errors.Is(err, renewer.ErrPanic), renewer.Code(err))
	}
	if got := err.Error(); got != "tokenrenew error 1: panic in Listener.OnRenewToken: boom" {
		t.Errorf("panicError text = %q", got)
	}
}

func TestCodeOfReadsOnlyItsOwnPrefix(t *testing.T) {
	tests := []struct {
		msg  string
		want int64
	}{
		{"tokenrenew error 4: renewer: token server answered HTTP 401", ErrorCodeUnauthorized},
		{"tokenrenew error 18: renewer: stopped", ErrorCodeStopped},
		{"tokenrenew error : nothing", ErrorCodeNone},
		{"tokenrenew error -3: negative", ErrorCodeNone},
		{"tokenrenew error 4 without colon", ErrorCodeNone},
		{"java.lang.IllegalStateException: tokenrenew error 4: inside", ErrorCodeNone},
		{"", ErrorCodeNone},
	}
	for _, tt := range tests {
		if got := CodeOf(tt.msg); got != tt.want {
			t.Errorf("CodeOf(%q) = %d, want %d", tt.msg, got, tt.want)
		}
	}
}

func TestWrapKeepsAnExistingCode(t *testing.T) {
	inner := &codedError{code: ErrorCodeStore, err: errors.New("keychain locked")}
	if got := codeFor(wrap(fmt.Errorf("start: %w", inner))); got != ErrorCodeStore {
		t.Errorf("code = %d, want ErrorCodeStore (%d)", got, ErrorCodeStore)
	}
	if got := message(inner); got != "keychain locked" {
		t.Errorf("message = %q, want the text without the code prefix", got)
	}
}

// sharedErrorCodes lists the renewer.Code names that share an ErrorCode
// with another name, with why. Two names outside it that share one fail
// TestEveryRenewerCodeHasItsOwnErrorCode: the face must not merge
// conditions the renewer tells apart (a canceled wait is not a timeout).
var sharedErrorCodes = map[string]string{
	"invalid_url":     "ErrorCodeConfig: the app's configuration, which the app mends the same way",
	"invalid_profile": "ErrorCodeConfig: the app's configuration, which the app mends the same way",
	"invalid_header":  "ErrorCodeConfig: the app's configuration (AddHeader), which the app mends the same way",
	"unsupported":     "ErrorCodeInternal: a JavaScript runtime without fetch; the binding never meets it",
	"internal":        "ErrorCodeInternal: shared only with unsupported, which the binding never meets",
}

func TestEveryRenewerCodeHasItsOwnErrorCode(t *testing.T) {
	names := map[int64][]string{}
	for _, name := range renewer.Codes() {
		names[codeOfName[name]] = append(names[codeOfName[name]], name)
	}
	for code, ns := range names {
		if len(ns) < 2 {
			continue
		}
		for _, n := range ns {
			if sharedErrorCodes[n] == "" {
				t.Errorf("ErrorCode %d stands for %q: %q has no ErrorCode of its own and no reason in sharedErrorCodes", code, ns, n)
			}
		}
	}
}

func TestEveryRenewerCodeHasAnErrorCode(t *testing.T) {
	for _, name := range renewer.Codes() {
		if _, ok := codeOfName[name]; !ok {
			t.Errorf("renewer.Code %q has no ErrorCode", name)
		}
	}
}
