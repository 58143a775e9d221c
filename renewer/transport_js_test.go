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

// TestFetchTransportAsksCachesNotToAnswer: every request is made with
// fetch's cache mode "no-store", which makes the browser bypass its cache
// and ask others not to answer (Cache-Control: no-cache), without adding a
// request header of its own that would need a CORS preflight.
func TestFetchTransportAsksCachesNotToAnswer(t *testing.T) {
	init := fetchTransport{}.init(&Request{Method: "GET", URL: "https://tokens.example/", Header: map[string]string{"Accept": "application/json"}},
		js.Global().Get("AbortController").New())
	if c := init.Get("cache"); c.Type() != js.TypeString || c.String() != "no-store" {
		t.Errorf("fetch cache mode = %v; want no-store", c)
	}
	if h := init.Get("headers").Get("Cache-Control"); !h.IsUndefined() {
		t.Errorf("a Cache-Control request header (%v) would need a CORS preflight", h)
	}
}
