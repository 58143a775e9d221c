package mobile

import (
	"errors"
	"strconv"
	"strings"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// Error codes, stable across releases: Kotlin and Swift code switches on
// them. Zero means no error. The Kotlin, Swift and Dart layers' copies,
// with these doc comments, are generated: after a change here, run
// go generate ./internal/gen.
const (
	// ErrorCodeNone means no error.
	ErrorCodeNone = 0
	// ErrorCodeInternal: a bug, such as a panic in this library or in the
	// app's Listener or Store, recovered and reported instead of crashing
	// (renewer.ErrPanic), or an exception a Listener method threw. Renewal
	// goes on.
	ErrorCodeInternal = 1
	// ErrorCodeConfig: the configuration is not usable (no URL, an unknown
	// profile, a malformed URL, a header that cannot be sent).
	ErrorCodeConfig = 2
	// ErrorCodeInsecureURL: the URL is plain http to a host other than
	// loopback and SetAllowInsecureHTTP was not called. Permanent.
	ErrorCodeInsecureURL = 3
	// ErrorCodeUnauthorized: the token server answered 401; the app's own
	// login (cookie, header) is missing or expired. Permanent.
	ErrorCodeUnauthorized = 4
	// ErrorCodeForbidden: the token server answered 403. Permanent.
	ErrorCodeForbidden = 5
	// ErrorCodeOriginNotAllowed: the token server's CORS check refused the
	// request. Permanent.
	ErrorCodeOriginNotAllowed = 6
	// ErrorCodeHTTPStatus: the token server answered another non-2xx status;
	// permanent for most 4xx, retried for 408, 429 and 5xx.
	ErrorCodeHTTPStatus = 7
	// ErrorCodeNetwork: the token server could not be reached (offline,
	// DNS, connection refused or reset, TLS). Retried.
	ErrorCodeNetwork = 8
	// ErrorCodeTimeout: the wait or the request took longer than allowed.
	// A wait the caller cancels is ErrorCodeCanceled.
	ErrorCodeTimeout = 9
	// ErrorCodeNoToken: the response held no token.
	ErrorCodeNoToken = 10
	// ErrorCodeInvalidToken: the token is too long or not printable ASCII.
	ErrorCodeInvalidToken = 11
	// ErrorCodeMalformedResponse: the response could not be parsed.
	ErrorCodeMalformedResponse = 12
	// ErrorCodeResponseTooLarge: the response body was over 64 KiB.
	ErrorCodeResponseTooLarge = 13
	// ErrorCodeAlreadyExpired: the server sent a token that had expired.
	ErrorCodeAlreadyExpired = 14
	// ErrorCodeNoProgress: a renewal brought a token expiring no later than
	// the current one (an upstream cache), or the invalidated one again.
	ErrorCodeNoProgress = 15
	// ErrorCodeExpired: the token expired and no replacement arrived.
	ErrorCodeExpired = 16
	// ErrorCodeNotStarted: Start has not been called.
	ErrorCodeNotStarted = 17
	// ErrorCodeStopped: Stop has been called.
	ErrorCodeStopped = 18
	// ErrorCodeStore: the app's Store failed.
	ErrorCodeStore = 19
	// ErrorCodeRedirect: the token server redirected in a loop, too many
	// times, or to another host with the request body. Permanent.
	ErrorCodeRedirect = 20
	// ErrorCodeShortLifetime: the server sent a token that arrived with
	// less than 2 s left; it is served while it lasts, renewed at the
	// retry pace.
	ErrorCodeShortLifetime = 21
	// ErrorCodeReentrant: Token or Refresh was called from inside the
	// renewer's own fetch and would have waited for itself.
	ErrorCodeReentrant = 22
	// ErrorCodeWrongIdentity: the seed token was minted for another
	// channel or uid than the configuration names. Permanent.
	ErrorCodeWrongIdentity = 23
	// ErrorCodeAlreadyStarted: Start was called on a renewer already
	// started. The renewer goes on as it was.
	ErrorCodeAlreadyStarted = 24
	// ErrorCodeCanceled: the caller canceled its own wait (Wait.Cancel, a
	// cancelled coroutine or task). The renewer goes on; a fetch the wait
	// joined goes on too.
	ErrorCodeCanceled = 25
)

// errorPrefix starts the text of every error this package returns, followed
// by the code: "tokenrenew error 4: ...".
const errorPrefix = "tokenrenew error "

// codedError is an error with its code, as returned by every method.
type codedError struct {
	code int64
	err  error
}

func (e *codedError) Error() string {
	return errorPrefix + strconv.FormatInt(e.code, 10) + ": " + e.err.Error()
}

func (e *codedError) Unwrap() error { return e.err }

// wrap gives err its code; nil stays nil.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	var ce *codedError
	if errors.As(err, &ce) {
		return err
	}
	return &codedError{code: codeFor(err), err: err}
}

// codeOfName maps renewer.Code's names to the ErrorCode constants: one
// constant per name, but for the three configuration errors that share
// ErrorCodeConfig, and "unsupported", which only a JavaScript runtime meets
// and which shares ErrorCodeInternal. The face keeps every other
// distinction renewer.Code makes and adds none of its own.
var codeOfName = map[string]int64{
	"":                   ErrorCodeNone,
	"internal":           ErrorCodeInternal,
	"unsupported":        ErrorCodeInternal,
	"origin_not_allowed": ErrorCodeOriginNotAllowed,
	"unauthorized":       ErrorCodeUnauthorized,
	"forbidden":          ErrorCodeForbidden,
	"insecure_url":       ErrorCodeInsecureURL,
	"invalid_url":        ErrorCodeConfig,
	"invalid_profile":    ErrorCodeConfig,
	"invalid_header":     ErrorCodeConfig,
	"redirect":           ErrorCodeRedirect,
	"short_lifetime":     ErrorCodeShortLifetime,
	"reentrant":          ErrorCodeReentrant,
	"wrong_identity":     ErrorCodeWrongIdentity,
	"no_token":           ErrorCodeNoToken,
	"invalid_token":      ErrorCodeInvalidToken,
	"malformed_response": ErrorCodeMalformedResponse,
	"body_too_large":     ErrorCodeResponseTooLarge,
	"already_expired":    ErrorCodeAlreadyExpired,
	"no_progress":        ErrorCodeNoProgress,
	"expired":            ErrorCodeExpired,
	"store":              ErrorCodeStore,
	"stopped":            ErrorCodeStopped,
	"not_started":        ErrorCodeNotStarted,
	"already_started":    ErrorCodeAlreadyStarted,
	"timeout":            ErrorCodeTimeout,
	"canceled":           ErrorCodeCanceled,
	"http_status":        ErrorCodeHTTPStatus,
	"network":            ErrorCodeNetwork,
}

// codeFor classifies err into an ErrorCode: its own when it has one, else
// the one for renewer.Code(err).
func codeFor(err error) int64 {
	var ce *codedError
	if errors.As(err, &ce) {
		return ce.code
	}
	if code, ok := codeOfName[renewer.Code(err)]; ok {
		return code
	}
	return ErrorCodeNetwork
}

// CodeOf returns the ErrorCode in the text of an error returned by this
// package (a Java exception's message, an NSError's localizedDescription),
// or ErrorCodeNone if the text carries none.
func CodeOf(message string) int64 {
	rest, ok := strings.CutPrefix(message, errorPrefix)
	if !ok {
		return ErrorCodeNone
	}
	digits, _, ok := strings.Cut(rest, ":")
	n, err := strconv.ParseInt(digits, 10, 64)
	if !ok || err != nil || n < 0 {
		return ErrorCodeNone
	}
	return n
}

// message returns err's text without the code prefix.
func message(err error) string {
	var ce *codedError
	if errors.As(err, &ce) {
		return ce.err.Error()
	}
	return err.Error()
}

// panicked is a recovered panic in words. It matches renewer.ErrPanic, so
// that one rule, renewer.Code's, classifies it as the renewer's own.
type panicked struct{ text string }

func (e *panicked) Error() string        { return e.text }
func (e *panicked) Is(target error) bool { return target == renewer.ErrPanic }

// panicError turns a recovered panic value into an error that matches
// renewer.ErrPanic, so ErrorCodeInternal, and whose text has passed through
// redact: a panic value may quote a token. It is read with errtext.PanicText:
// one whose Error or String panics reads as its type's name.
func panicError(where string, p any, redact func(error) error) error {
	return wrap(redact(&panicked{"panic in " + where + ": " + errtext.PanicText(p)}))
}
