package renewer

import (
	"fmt"
	"strconv"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

// Defaults for the zero fields of Config.
const (
	DefaultWarnBefore     = 30 * time.Second
	DefaultMinBackoff     = time.Second
	DefaultMaxBackoff     = 30 * time.Second
	DefaultFallbackTTL    = 10 * time.Minute
	DefaultWakeInterval   = time.Minute
	DefaultRequestTimeout = 15 * time.Second
)

// Config says where tokens come from and how to keep them fresh. The zero
// value of every field but URL (or Source) means the documented default.
//
// Config formats itself (String, every fmt verb, JSON, slog) without header
// values, the seed token, or the URL's user info, query and fragment; a
// password with '/', '?' or '#' written unescaped in it included.
type Config struct {
	// URL is the token server's endpoint. It must be https, or http for a
	// loopback host (localhost, 127.0.0.0/8, ::1) unless AllowInsecureHTTP.
	// Ignored when Source is set.
	URL string
	// Profile speaks the token server's protocol. Nil means detect: a JSON
	// object with a common token field ("token", "access_token",
	// "accessToken", ...), else the body as plain text.
	Profile Profile
	// Header holds headers sent with every request (an app session cookie,
	// an API key). On a redirect to another host, the native transport
	// (NewHTTPTransport) sends none of them. In js/wasm, fetch follows
	// redirects by its own rules and may send them there: a browser drops
	// Authorization across origins and sends another header where the new
	// origin's CORS preflight allows it. A custom Transport decides for
	// itself.
	// Names must be HTTP tokens, values visible ASCII, space and tab: New
	// refuses any other with ErrInvalidHeader.
	Header map[string]string
	// AllowInsecureHTTP allows plain http to hosts other than loopback.
	AllowInsecureHTTP bool
	// Transport executes requests. Nil means the platform default:
	// hashicorp/go-retryablehttp natively, fetch in the browser.
	Transport Transport
	// RequestTimeout bounds one request (default 15 s). It is shortened to
	// leave room for several attempts before the current token expires.
	RequestTimeout time.Duration

	// Source fetches tokens in place of URL and Profile, for apps with
	// their own fetch code.
	Source Source

	// WarnBefore is how long before expiry TokenWillExpire fires (default
	// 30 s, as Agora's SDKs; negative disables it). For a token too short
	// to be renewed before then, the warning moves to halfway between the
	// planned renewal and expiry, so that it always means "renewal is late".
	WarnBefore time.Duration
	// RefreshBefore is how long before expiry renewal starts. Zero means
	// automatic: a tenth of the lifetime, at least 1 min and at most 10 min;
	// in the browser (js/wasm) 5 min, because hidden tabs run timers once a
	// minute. Whatever it says, a token is renewed no earlier than half its
	// lifetime.
	RefreshBefore time.Duration
	// DisableJitter turns off the random spread of renewal times.
	DisableJitter bool
	// MinBackoff is the first retry delay's ceiling (default 1 s), and the
	// least time between the starts of two fetches, whatever starts them.
	// While renewal is failing, at most 15 fetches start in any window of
	// 60 MinBackoffs (a minute at the default; 10 minutes at 10 s). The
	// limits count fetches: a fetch of the native HTTP transport tries its
	// request up to 3 times when the connection fails (never after an HTTP
	// answer), and may follow up to 5 redirects.
	MinBackoff time.Duration
	// MaxBackoff caps the retry delay (default 30 s). Retries never stop.
	MaxBackoff time.Duration
	// FallbackTTL is the lifetime assumed for a token whose expiry is in
	// neither the response, the token nor the profile (default 10 min).
	FallbackTTL time.Duration
	// WakeInterval bounds every timer, so that a missed renewal is noticed
	// at most this long after a device wakes from sleep (default 1 min).
	WakeInterval time.Duration

	// Listener is told about new tokens, warnings, expiry and errors.
	Listener Listener
	// OnFetch, if set, is called once for every fetch that ends, with what
	// started it, how long it took and how it failed, for metrics. It is
	// called like a Listener method: on the renewer's event goroutine, in
	// order with the Listener's calls, with no lock held; like them, calls
	// not yet made when Stop is called are dropped.
	OnFetch func(FetchInfo)
	// Store, if set, keeps the current token across restarts, for one
	// identity: everything that makes two fetches answer for different
	// users. That is the request (URL with its query, method, body), every
	// header with its value (Config.Header and the profile's: cookies,
	// Authorization), what the profile reads (the JSON profile's field
	// paths), StoreKey and Identity. The Store key is a keyed hash of them
	// (HMAC-SHA256 under a random key the Store keeps, see KeyedStore), so
	// that a token stored for one user, channel or room is never handed to
	// another, and neither the key nor the Store's file reveals a header
	// value, a query or a user: a plain hash of a user id or a short cookie
	// could be reversed by guessing.
	Store Store
	// Identity names the user the tokens are for, as the app knows it (the
	// signed-in user's id), or "". It enters the Store key (hashed, never
	// stored in clear) and, in the browser, the rule for sharing one
	// renewer between tabs. Apps whose login the request does not show
	// must set it: a cookie the platform sends on its own (the browser's
	// credentials: "include"), or a custom Source that is not an
	// Identifier. Where the login is a header of Config.Header, it is part
	// of the identity already.
	Identity string
	// StoreKey is another name for what the tokens are for (a custom
	// Source's account, say), hashed into the Store key as Identity is; the
	// Store never sees it in clear. Most apps set Identity instead.
	StoreKey string
	// Seed is a token to start with, such as one the app already holds. It
	// takes the place of the Store's token (Start does not read the Store)
	// and is not saved to the Store. Start serves it while it is valid and
	// fetches when it falls due: at its renewal time, at once when it is
	// already past it, and in its place when it has expired or its value
	// is not a token's. A seed with no ExpiresAt expires by its own claims
	// (JWT exp, Agora), else FallbackTTL after Start.
	// New refuses a seed that says it was minted for another identity (an
	// Agora token for another channel or uid) with ErrWrongIdentity.
	Seed Token
	// Logger receives diagnostics at debug level, the default HTTP
	// transport's included; nil means silence. A *slog.Logger, such as
	// slog.Default(), is one. Token values are never logged. It is called
	// as the Listener is, and never after Stop returns: see Logger.
	Logger Logger
}

// A Logger receives diagnostics: a message and alternating keys and values,
// as (*slog.Logger).Debug takes them, so that a *slog.Logger can be used as
// is. It is an interface so that the browser build need not link log/slog.
//
// The renewer calls Debug as it calls a Listener method: one call at a
// time, in order with the Listener's and OnFetch's calls, on a goroutine
// owned by the Renewer, with no lock held and never inside a fetch. So
// Debug may call any method of the Renewer, Token with no deadline
// included: no method and no fetch waits for a Debug call to return. A
// line is queued when it happens and logged a moment later; lines not yet
// logged when Stop is called are dropped, and none reaches the Logger
// after Stop returns but for a call already under way, which Done waits
// for. (A Logger given to NewHTTPTransport is that transport's own, called
// on the goroutine of the request.)
type Logger interface {
	Debug(msg string, args ...any)
}

// String describes the configuration without secrets.
func (c Config) String() string {
	src := "url"
	if c.Source != nil {
		src = "custom"
	}
	return "renewer.Config{URL:" + strconv.Quote(urlx.Redact(c.URL)) + ", Source:" + src +
		", Header:" + strconv.Itoa(len(c.Header)) + " (redacted), Seed:" + c.Seed.String() +
		", WarnBefore:" + c.WarnBefore.String() + ", RefreshBefore:" + c.RefreshBefore.String() +
		", MaxBackoff:" + c.MaxBackoff.String() + "}"
}

// Format implements fmt.Formatter: every verb prints String.
func (c Config) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(c.String())) }

// MarshalJSON encodes String, so that no secret is marshalled either.
func (c Config) MarshalJSON() ([]byte, error) { return jsonlite.AppendString(nil, c.String()), nil }

// withDefaults returns c with its zero fields set to their defaults.
func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.WarnBefore == 0 {
		c.WarnBefore = DefaultWarnBefore
	}
	if c.RefreshBefore == 0 {
		c.RefreshBefore = defaultRefreshBefore
	}
	def(&c.MinBackoff, DefaultMinBackoff)
	def(&c.MaxBackoff, DefaultMaxBackoff)
	c.MaxBackoff = max(c.MaxBackoff, c.MinBackoff)
	def(&c.FallbackTTL, DefaultFallbackTTL)
	def(&c.WakeInterval, DefaultWakeInterval)
	def(&c.RequestTimeout, DefaultRequestTimeout)
	return c
}
