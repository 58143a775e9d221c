// Package httpsource is the HTTP side of the renewer's token source: the
// request a token server is sent (a profile's, with the configured headers
// over it, checked), the transports that carry it (natively over
// hashicorp/go-retryablehttp, in js/wasm over the runtime's fetch), and
// what is read from the answer before a profile parses it: the status, a
// Retry-After, the server's clock, the server's short explanation, a
// markup page.
//
// It knows nothing of the engine, as golang.org/x/oauth2's internal
// package knows nothing of oauth2.Config: renewer adapts it. Its Request and
// Response have the fields of renewer's, which converts a pointer to one
// into a pointer to the other; what a profile reads from a 2xx answer, and
// when the token expires, are the engine's to judge. Its errors match the
// renewer's conditions because its sentinel values are renewer's own:
// renewer exports ErrRedirect, ErrInsecureURL, ErrInvalidHeader,
// ErrBodyTooLarge and ErrMalformedResponse as the values of this package,
// as os exports io/fs's ErrNotExist.
package httpsource
