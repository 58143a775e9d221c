package mobile

import (
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/profiles"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// Config says where tokens come from and how to keep them fresh. Create it
// with NewConfig, call its setters, and pass it to NewRenewer, which copies
// it: later changes do not affect a renewer already made. A zero or negative
// duration means the default documented in package renewer.
//
// Config's methods are safe for concurrent use.
type Config struct {
	mu      sync.Mutex
	c       renewer.Config
	profile string
	opts    profiles.Options
	store   Store
}

// NewConfig returns an empty configuration: set at least the URL.
func NewConfig() *Config { return &Config{} }

func (c *Config) set(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f()
}

func ms(v int64) time.Duration { return millis(v) }

// SetURL sets the token server's endpoint: https, or http for loopback.
func (c *Config) SetURL(url string) { c.set(func() { c.c.URL = url }) }

// SetProfile names the token server's protocol: "agora", "dolby",
// "roomservice", "json", "text", or "" (the default) to detect a JSON token
// field or plain text.
func (c *Config) SetProfile(name string) { c.set(func() { c.profile = name }) }

// SetTokenType sets the Agora token type: "rtc" (the default), "rtm" or "chat".
func (c *Config) SetTokenType(t string) { c.set(func() { c.opts.TokenType = t }) }

// SetChannel sets the Agora channel name.
func (c *Config) SetChannel(channel string) { c.set(func() { c.opts.Channel = channel }) }

// SetUID sets the Agora uid: a number, or a user account.
func (c *Config) SetUID(uid string) { c.set(func() { c.opts.UID = uid }) }

// SetRole sets the Agora role: "publisher" (the default) or "subscriber".
func (c *Config) SetRole(role string) { c.set(func() { c.opts.Role = role }) }

// SetExpiryMs sets the token lifetime to ask the Agora token server for.
func (c *Config) SetExpiryMs(v int64) { c.set(func() { c.opts.Expiry = ms(v) }) }

// SetLegacy selects the Agora token service's older GET /rtc/... endpoints.
func (c *Config) SetLegacy(legacy bool) { c.set(func() { c.opts.Legacy = legacy }) }

// SetRoom sets the Room Service room to join.
func (c *Config) SetRoom(room string) { c.set(func() { c.opts.Room = room }) }

// SetDocument sets the Room Service document to ask for too (optional).
func (c *Config) SetDocument(document string) { c.set(func() { c.opts.Document = document }) }

// SetMethod sets the HTTP method of the json, text and dolby profiles.
func (c *Config) SetMethod(method string) { c.set(func() { c.opts.Method = method }) }

// SetBody sets the request body of the json and text profiles.
func (c *Config) SetBody(body []byte) {
	b := append([]byte(nil), body...)
	c.set(func() { c.opts.Body = b })
}

// SetTokenField sets the json profile's path to the token field, such as
// "data.token".
func (c *Config) SetTokenField(path string) { c.set(func() { c.opts.TokenField = path }) }

// SetExpiresInField sets the json profile's path to a lifetime in seconds.
func (c *Config) SetExpiresInField(path string) { c.set(func() { c.opts.ExpiresInField = path }) }

// SetExpiresAtField sets the json profile's path to an absolute expiry.
func (c *Config) SetExpiresAtField(path string) { c.set(func() { c.opts.ExpiresAtField = path }) }

// AddHeader adds a header sent with every request, such as the app's session
// cookie or an API key. Its value is never logged nor sent on a redirect to
// another host. Adding a key again replaces its value. The key must be an
// HTTP token and the value visible ASCII, space and tab: Renewer creation
// fails with ErrorCodeConfig otherwise, naming the key but not the value.
func (c *Config) AddHeader(key, value string) {
	c.set(func() {
		if c.c.Header == nil {
			c.c.Header = map[string]string{}
		}
		c.c.Header[key] = value
	})
}

// SetAllowInsecureHTTP allows plain http to hosts other than loopback.
func (c *Config) SetAllowInsecureHTTP(allow bool) { c.set(func() { c.c.AllowInsecureHTTP = allow }) }

// SetWarnBeforeMs sets how long before expiry OnTokenWillExpire is called
// (default 30 s; negative disables it). A value past what Go's durations
// hold (Long.MAX_VALUE) is the longest one, not an overflow that would
// turn warnings off: every millisecond setter saturates so.
func (c *Config) SetWarnBeforeMs(v int64) { c.set(func() { c.c.WarnBefore = ms(v) }) }

// SetRefreshBeforeMs sets how long before expiry renewal starts (default: a
// tenth of the lifetime, between 1 and 10 min, never before half-life).
func (c *Config) SetRefreshBeforeMs(v int64) { c.set(func() { c.c.RefreshBefore = ms(v) }) }

// SetRequestTimeoutMs bounds one request (default 15 s).
func (c *Config) SetRequestTimeoutMs(v int64) { c.set(func() { c.c.RequestTimeout = ms(v) }) }

// SetMinBackoffMs sets the first retry delay's ceiling (default 1 s).
func (c *Config) SetMinBackoffMs(v int64) { c.set(func() { c.c.MinBackoff = ms(v) }) }

// SetMaxBackoffMs caps the retry delay (default 30 s).
func (c *Config) SetMaxBackoffMs(v int64) { c.set(func() { c.c.MaxBackoff = ms(v) }) }

// SetFallbackTTLMs sets the lifetime assumed for a token whose expiry is
// nowhere to be found (default 10 min).
func (c *Config) SetFallbackTTLMs(v int64) { c.set(func() { c.c.FallbackTTL = ms(v) }) }

// SetWakeIntervalMs bounds every timer, so that a renewal missed while the
// device slept is noticed at most this long after it wakes (default 1 min).
func (c *Config) SetWakeIntervalMs(v int64) { c.set(func() { c.c.WakeInterval = ms(v) }) }

// SetDisableJitter turns off the random spread of renewal times.
func (c *Config) SetDisableJitter(disable bool) { c.set(func() { c.c.DisableJitter = disable }) }

// SetStore sets where the token is kept across restarts: the app's
// Keychain or Keystore-backed storage. Nil means no store.
func (c *Config) SetStore(s Store) { c.set(func() { c.store = s }) }

// SetSeed gives a token the app already holds, to start with instead of a
// fetch: its value, its expiry, and its issue time, which places the
// renewal (without it the renewer counts the lifetime from now and renews
// later than it should), with its extras if any. It takes precedence over
// the Store's token; Start fails with ErrorCodeWrongIdentity for a token
// minted for another channel or uid. Nil, or an empty value, clears it.
// The token is copied.
func (c *Config) SetSeed(token *Token) {
	tok := token.token()
	c.set(func() { c.c.Seed = tok })
}

// SetIdentity names the user the tokens are for, as the app knows it (the
// signed-in user's id), or "" (the default). It enters the Store's key
// with everything that makes two fetches answer for different users (the
// URL, the profile's request and what it reads, every AddHeader name and
// value), hashed under a random key kept among the stored token's secrets:
// one user's token is never handed to another, and the key reveals no
// header, cookie or user. Set it when the login is not a header of
// AddHeader, such as a cookie the platform's HTTP stack sends on its own.
func (c *Config) SetIdentity(identity string) { c.set(func() { c.c.Identity = identity }) }

// SetStoreKey is another name for what the tokens are for, hashed into the
// Store's key as SetIdentity's is. Most apps set SetIdentity instead.
func (c *Config) SetStoreKey(key string) { c.set(func() { c.c.StoreKey = key }) }

// String describes the configuration without header values or the seed
// token.
func (c *Config) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.c.String()
}

// GoString is String, so that %#v prints no secret either.
func (c *Config) GoString() string { return "mobile." + c.String() }

// Format implements fmt.Formatter: every verb prints String, so that no
// verb prints the URL's query, a header value or the seed token. (Go
// only: the Java and Swift bindings have String.)
func (c *Config) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(c.String())) }

// build returns the renewer.Config that c describes, its Store adapter
// redacting with red.
func (c *Config) build(red *redactor) (renewer.Config, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rc := c.c
	rc.Header = maps.Clone(c.c.Header)
	p, err := profiles.ByName(c.profile, c.opts)
	if err != nil {
		return renewer.Config{}, &codedError{code: ErrorCodeConfig, err: err}
	}
	rc.Profile = p
	if c.store != nil {
		rc.Store = storeAdapter{c.store, red, &storeMemo{}}
	}
	return rc, nil
}
