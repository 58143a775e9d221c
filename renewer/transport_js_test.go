//go:build js && wasm

package renewer

import (
	"context"
	"errors"
	"syscall/js"
	"testing"
)

// TestFetchTransportInARuntimeWithoutFetch: a JavaScript runtime with no
// fetch cannot run the renewer's requests, now or on a retry; that is
// "unsupported" and permanent, not a network failure.
func TestFetchTransportInARuntimeWithoutFetch(t *testing.T) {
	global := js.Global()
	fetch := global.Get("fetch")
	global.Set("fetch", js.Undefined())
	defer global.Set("fetch", fetch)
	_, err := NewFetchTransport("").RoundTrip(context.Background(), &Request{Method: "GET", URL: "https://tokens.example/"})
	if !errors.Is(err, errors.ErrUnsupported) || Code(err) != "unsupported" || !IsPermanent(err) {
		t.Errorf("RoundTrip without fetch = %v: ErrUnsupported %t, code %q, permanent %t; want true, unsupported, true",
			err, errors.Is(err, errors.ErrUnsupported), Code(err), IsPermanent(err))
	}
}
