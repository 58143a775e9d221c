//go:build js && wasm

package renewer

import "github.com/tokenrenew/tokenrenew/internal/httpsource"

// defaultTransport returns the browser transport: fetch follows redirects
// itself, and the renewer's log lines have nothing of its to carry.
func defaultTransport(allowInsecure bool, logger Logger) Transport { return NewFetchTransport("") }

// NewFetchTransport returns the js/wasm Transport: the JavaScript runtime's
// global fetch (a browser's, or Node.js's), called through syscall/js, so
// that the wasm build links no net/http.
//
// Each request sends the Request's method, headers and body, with the
// Request's Credentials as the fetch credentials mode, or credentials when
// the Request leaves it empty (empty as well means fetch's default,
// "same-origin"), and with fetch's cache mode "no-store": neither the
// browser's cache nor another answers with an old token (fetch sends
// Cache-Control: no-cache itself, which needs no CORS preflight). The
// request is aborted with an AbortController when ctx ends. At most
// MaxBodySize bytes of the answer are read; response header names are
// lower-cased. Redirects follow fetch's rules: a browser drops
// Authorization on a cross-origin redirect and sends no other custom header
// there unless that server's CORS preflight allows it.
//
// A browser shows a page only the response headers CORS exposes: for the
// Date clock-skew correction and Retry-After, the token server must list
// them in Access-Control-Expose-Headers.
//
// In a browser fetch rejects a request the server's CORS policy refuses the
// same way as one that never reached it, so both come back as one transient
// error whose text names both (see fetchError). In a
// runtime without fetch (or AbortController) every request fails at once
// with a permanent error matching errors.ErrUnsupported.
func NewFetchTransport(credentials string) Transport {
	return scrubbedTransport{httpsource.NewFetchTransport(credentials)}
}
