//go:build js && wasm

package httpsource

import (
	"syscall/js"
	"testing"
)

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
