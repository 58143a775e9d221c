//go:build !js

package renewer

import (
	"net/http"

	"github.com/tokenrenew/tokenrenew/internal/httpsource"
)

// defaultTransport returns the native transport, which follows a redirect
// to plain http only if allowInsecure (see NewHTTPTransport).
func defaultTransport(allowInsecure bool, logger Logger) Transport {
	return NewHTTPTransport(nil, allowInsecure, logger)
}

// NewHTTPTransport returns the native Transport: hashicorp/go-retryablehttp
// over client (nil means a client over a copy of http.DefaultTransport
// with no overall timeout; the renewer bounds each request with its
// context). Transport errors its retry policy deems retryable are retried
// twice within the attempt. These come back Permanent: every TLS failure
// (a certificate that does not verify: untrusted, expired or for another
// host; a handshake alert; an https URL answered in plain HTTP or in
// anything but TLS), bad URLs and refused redirects. A TLS handshake that
// times out or whose connection drops is a network failure, transient.
//
// Redirects: at most five are followed, a loop none; a redirect to another
// host carries none of the request's own headers, and a 307 or 308 that
// would re-send the body to another host is refused with ErrRedirect; a
// redirect to plain http is refused (ErrInsecureURL) unless allowInsecure
// or to loopback.
//
// Loopback: when client's Transport is an *http.Transport (or nil), a copy
// of it is used whose Proxy never proxies a loopback host, and whose dialer
// connects "localhost" and "*.localhost" to 127.0.0.1 (else ::1) without
// asking DNS. Another RoundTripper is used as it is.
//
// Caches: every request carries Cache-Control: no-cache (unless the
// Request sets a Cache-Control of its own), so that a cache in front of the
// token server does not answer with an old token.
//
// Answers: a 1xx answer (101 Switching Protocols included) is refused: its
// body is closed at once and the Response carries the status alone, which
// the renewer reports as a permanent *StatusError. Every body read ends
// when ctx does, whatever the server sends or withholds.
//
// Diagnostics go to logger at debug level (a *slog.Logger is a Logger), on
// the goroutine of RoundTrip; nil means silence. (The transport a Renewer
// makes when Config.Transport is nil queues them for Config.Logger
// instead: see Logger.) Errors and diagnostics never hold the request's header
// values or URL query values, even when the server echoes them.
//
// RoundTrip is safe for concurrent use.
func NewHTTPTransport(client *http.Client, allowInsecure bool, logger Logger) Transport {
	return scrubbedTransport{httpsource.NewHTTPTransport(client, allowInsecure, loggerOrNil(logger))}
}
