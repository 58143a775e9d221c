package renewer

import (
	"errors"
	"strconv"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/httpsource"
	"github.com/tokenrenew/tokenrenew/internal/permanent"
	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

// Conditions, matched with errors.Is. None of them carries a token value.
var (
	// ErrUnauthorized: the token server answered 401; the app's own login
	// (cookie, header) is missing or no longer accepted. Permanent.
	ErrUnauthorized = errors.New("renewer: token server refused the request as unauthorized")
	// ErrForbidden: the token server answered 403. Permanent.
	ErrForbidden = errors.New("renewer: token server refused the request as forbidden")
	// ErrOriginNotAllowed: the token server's CORS check refused this
	// client's Origin (the Agora token service answers 403 "Origin not
	// allowed"). In the browser, the server must allow the page's origin
	// (for the Agora token service, list it in CORS_ALLOW_ORIGIN); a native
	// client has no page origin and must send an Origin header the server
	// allows, in Config.Header["Origin"]. The error's text says which.
	// Permanent.
	ErrOriginNotAllowed = errors.New("renewer: token server does not allow this origin (CORS)")
	// ErrInsecureURL: the URL is plain http to a host that is not
	// loopback, and Config.AllowInsecureHTTP is false. Its text names no
	// option, as each face spells it its own way (Config.AllowInsecureHTTP,
	// the JavaScript allowInsecureHttp, tokenctl's --insecure). Permanent.
	ErrInsecureURL = httpsource.ErrInsecureURL
	// ErrInvalidURL: the token server URL is not an absolute http or https
	// URL (or does not parse). Permanent.
	ErrInvalidURL = urlx.ErrInvalid
	// ErrNoToken: the response held no token, or an empty one.
	ErrNoToken = errors.New("renewer: response has no token")
	// ErrInvalidToken: the token is too long or has bytes a token cannot have.
	ErrInvalidToken = errors.New("renewer: invalid token value")
	// ErrMalformedResponse: the response body could not be parsed.
	ErrMalformedResponse = httpsource.ErrMalformedResponse
	// ErrBodyTooLarge: the response body is larger than MaxBodySize.
	ErrBodyTooLarge = httpsource.ErrBodyTooLarge
	// ErrAlreadyExpired: the server returned a token that has already expired.
	ErrAlreadyExpired = errors.New("renewer: token server returned an already expired token")
	// ErrNoProgress: a renewal returned a token that expires no later than the
	// current one, or the current token itself whatever expiry it now
	// claims (an upstream cache handing back the same token).
	ErrNoProgress = errors.New("renewer: renewal did not move the expiry forward")
	// ErrExpired: the renewer's token expired and no replacement could be
	// fetched yet. Token's error wraps it when it gives up waiting while
	// the only token held has expired.
	ErrExpired = errors.New("renewer: token expired")
	// ErrShortLifetime: the server returned a token that arrived with less
	// than MinLifetime left. It is served while it lasts but renewed no
	// faster than the retry backoff allows.
	ErrShortLifetime = errors.New("renewer: token lifetime too short")
	// ErrWrongIdentity: a seed or stored token was minted for another
	// identity than the configured one (an Agora token for another channel
	// or uid). A seed that says so is refused by New; a stored one is
	// dropped and a new token fetched.
	ErrWrongIdentity = errors.New("renewer: token is for another identity")
	// ErrReentrant: Token or Refresh was called from inside the renewer's
	// own Source.Fetch, with its ctx, and would have waited for itself.
	ErrReentrant = errors.New("renewer: called from the renewer's own fetch")
	// ErrNotStarted: the renewer has not been started.
	ErrNotStarted = errors.New("renewer: not started")
	// ErrAlreadyStarted: Start was called on a renewer already started.
	// The renewer goes on as it was.
	ErrAlreadyStarted = errors.New("renewer: already started")
	// ErrPanic: code the renewer calls panicked and the panic was
	// recovered: Config.Source's Fetch, or a Store method (the error
	// matches ErrStore too). It is a bug to mend, not a network failure,
	// and renewal goes on: a Source's panic fails its fetch like any
	// transient error, retried with backoff, since what panicked may have
	// met a passing condition; its text holds the panic value, passed
	// through Redact (a value whose Error or String panics, such as a nil
	// *T that reads its receiver, reads as its type's name). The mobile
	// binding reports the panics it recovers (its own, the Listener's, the
	// Store's) with it too. A Listener or Logger panic is not recovered
	// here (see Listener).
	ErrPanic = errors.New("renewer: recovered a panic")
	// ErrStore: Config.Store failed to load or save a token. The renewer
	// goes on without it; the error holds the Store's own as Redact does:
	// its scrubbed text and the conditions it matched.
	ErrStore = errors.New("renewer: token store failed")
	// ErrStopped: the renewer has been stopped.
	ErrStopped = errors.New("renewer: stopped")
)

// A StatusError reports a token server response whose HTTP status is not 2xx.
type StatusError struct {
	// StatusCode is the HTTP status code.
	StatusCode int
	// RetryAfter is the delay the server asked for with Retry-After, or zero.
	RetryAfter time.Duration
	// Message is the server's short explanation, when it sent a plain-text
	// one (the Agora token service does for 400), cut to 200 bytes.
	Message string
}

func (e *StatusError) Error() string {
	s := "renewer: token server answered HTTP " + strconv.Itoa(e.StatusCode)
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RetryAfter > 0 {
		s += " (retry after " + e.RetryAfter.String() + ")"
	}
	return s
}

// Is makes errors.Is(err, ErrUnauthorized) and errors.Is(err, ErrForbidden)
// true for 401 and 403.
func (e *StatusError) Is(target error) bool {
	return (target == ErrUnauthorized && e.StatusCode == 401) ||
		(target == ErrForbidden && e.StatusCode == 403)
}

// Temporary reports whether the status is worth retrying: 408, 425, 429 and
// 5xx other than 501 and 505.
func (e *StatusError) Temporary() bool {
	switch c := e.StatusCode; {
	case c == 408, c == 425, c == 429:
		return true
	case c == 501, c == 505:
		return false
	default:
		return c >= 500
	}
}

// A WaitError is Token's error when ctx ended before a valid token came.
// errors.Is matches it against its context's error, ErrExpired when
// Expired, and its last failure's conditions; errors.As reaches Last's
// types, such as a *StatusError. Its text holds no token.
type WaitError struct {
	// Err is the context's error: context.Canceled or
	// context.DeadlineExceeded.
	Err error
	// Last is the last failed fetch the caller saw, or, when no fetch
	// ended during the wait, the renewer's last failure since its last
	// new token; nil when there is none.
	Last error
	// Expired says the renewer's token had expired: it held one, and it is
	// no longer valid.
	Expired bool
}

func (e *WaitError) Error() string {
	s := "renewer: no valid token"
	if e.Expired {
		s = "renewer: token expired"
	}
	s += " before the wait ended"
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	if e.Last != nil {
		s += "; last failure: " + e.Last.Error()
	}
	return s
}

// Unwrap returns Err, then ErrExpired when Expired, then Last when there
// is one.
func (e *WaitError) Unwrap() []error {
	errs := []error{e.Err}
	if e.Expired {
		errs = append(errs, ErrExpired)
	}
	if e.Last != nil {
		errs = append(errs, e.Last)
	}
	return errs
}

// Permanent wraps err so that the renewer does not retry it. A custom
// Source returns Permanent(err) for failures only the user can mend.
func Permanent(err error) error {
	return permanent.Mark(err)
}

// IsPermanent reports whether err should not be retried: it was marked with
// Permanent, or it is a StatusError that is not Temporary, or it is one of
// ErrInsecureURL, ErrInvalidURL, ErrUnauthorized, ErrForbidden and
// ErrOriginNotAllowed. The native transport marks as Permanent every TLS
// failure (see NewHTTPTransport) and ErrRedirect; an ErrInvalidProfile
// error, InvalidSetting's or the one New makes of a profile's own, is
// marked too.
func IsPermanent(err error) bool {
	var re *redactedError
	if permanent.Marked(err) || errors.As(err, &re) && re.permanent {
		return true
	}
	var se *StatusError
	if errors.As(err, &se) {
		return !se.Temporary()
	}
	return errors.Is(err, ErrInsecureURL) || errors.Is(err, ErrInvalidURL) || errors.Is(err, ErrUnauthorized) ||
		errors.Is(err, ErrForbidden) || errors.Is(err, ErrOriginNotAllowed)
}

// retryAfter returns the delay a StatusError in err's chain asked for.
func retryAfter(err error) time.Duration {
	var se *StatusError
	if errors.As(err, &se) {
		return se.RetryAfter
	}
	return 0
}

// A stringError is an error that is only its text.
type stringError string

func (e stringError) Error() string { return string(e) }
