// Package renewer keeps a short-lived access token fresh on the client side.
//
// A [Renewer] fetches a token from a [Source] (usually an HTTP token server
// described by a URL and a [Profile]), learns when the token expires, renews it
// ahead of expiry, retries failures with capped, jittered exponential backoff,
// warns the app shortly before expiry, and hands every new token to a
// [Listener].
//
// The renewer knows a Source only through that interface and optional
// ones any Source may implement: [Identifier] (its Store key),
// [TokenChecker] (a seed's or stored token's identity), [SecretHolder]
// (the secrets to scrub from errors) and [HeldFetcher] (the token a fetch
// replaces, as an argument). The HTTP source that [Config.URL] builds is
// one Source among others, known through these same interfaces: a small
// adaptor over a package of its own, which sends the request, carries it
// and reads the answer's status, and knows nothing of the engine.
//
// # The model
//
// A token is valid from its issue time until its expiry. The expiry is the
// earliest of what the token server's response says (a relative or an
// absolute expiry field) and what the token itself says (JWT "exp", Agora
// AccessToken 006 and AccessToken2 007), for every profile, and
// [Token.ExpirySource] names the one that won; when neither says, it is
// the profile's documented default, or [Config.FallbackTTL]. Absolute times
// sent by the server are corrected by the clock offset seen in the response's
// Date header, but only when the evidence agrees with itself: no Age header
// (a cache's Date is the origin's), and a Date within five minutes of the
// token's own issue time, or a correction of at most a day when the token
// names none; so a correction never makes a just-issued token look expired
// nor lets a token live past what it was minted for. A cache that replays an
// old answer without an Age header looks like a fast local clock, so token
// requests ask caches not to answer (Cache-Control: no-cache natively, fetch's
// cache mode "no-store" in the browser), and a correction that would revive
// a token already expired by the local clock is believed only once a second,
// fresh answer (a later Date) shows the same offset; until then the fetch
// fails with [ErrAlreadyExpired] and is retried. Relative lifetimes count
// from when the request was sent. An issue time in the future is not
// believed, and no token is believed to live more than seven days past its
// arrival, whatever its issue time.
//
// # Identity
//
// A token belongs to the identity it was fetched for: everything that makes
// two fetches answer for different users (the URL with its query, method,
// body, every header with its value, what the profile reads) and
// [Config.Identity]. A [Store] keeps it under a keyed hash of them
// (HMAC-SHA256 under a random key the Store keeps, see [KeyedStore]), so
// one user's token is never handed to another and neither the key nor the
// Store reveals a cookie, a credential or a user. A custom [Source] takes
// part by being an [Identifier] and a [TokenChecker]. A seed or stored
// Agora token that names another channel, uid or service is refused with
// [ErrWrongIdentity].
//
// Renewal starts at expiry minus a lead that leaves room for several retries
// (a tenth of the lifetime, at least one minute and at most ten, never more
// than 40% of the lifetime) minus a random jitter of up to a quarter of the
// lead, so that many clients holding tokens with one expiry do not reach the
// server in the same second. In steady state a token is renewed at most once
// per half lifetime, however short it is.
//
// Failures are retried: transient ones (network errors, timeouts, 408, 425,
// 429, 5xx other than 501 and 505, malformed responses, a token that does
// not move the expiry forward) with full-jitter exponential backoff capped
// at [Config.MaxBackoff] and planned against the time left, forever;
// permanent ones (any other non-2xx status, such as 400, 401, 403, 404 or
// 101; natively every TLS failure; a refused URL or redirect; see
// [IsPermanent]) once, after which the renewer waits for [Renewer.Refresh]
// or [Renewer.Resume]. While renewal fails the current token keeps being
// served until it expires; an expired token is never served.
//
// # Events
//
// The [Listener] is told, one call at a time and in order, on a goroutine of
// the renewer's own and outside every lock:
//
//   - TokenWillExpire, [Config.WarnBefore] (30 s) before expiry when no fresher
//     token has arrived, re-armed for every new token;
//   - RenewToken, with every new token (hand it to the SDK's renewToken);
//   - TokenExpired, once, when a token expires with no replacement, before
//     the RenewToken of the token that replaces it, even when it is noticed
//     only by a call the app makes while paused;
//   - Error, for every failed attempt.
//
// # Sleep and background
//
// Go timers run on a monotonic clock that stops while a device sleeps. The
// renewer never trusts one long timer: it sleeps in slices of at most
// [Config.WakeInterval] (one minute by default) and compares the wall clock
// at every slice, so after the device wakes it notices a missed renewal
// within one slice at most; [Renewer.Token] and [Renewer.Resume] notice at
// once.
//
// # Concurrency
//
// Every method of [Renewer] is safe for concurrent use. [Renewer.Token] is
// lock-free and does not allocate while the current token is valid; with no
// valid token, concurrent callers share one fetch. An idle renewer holds no
// goroutine: it owns a timer, and goroutines only while it fetches or delivers
// events. No method waits for a callback: the [Listener], [Config.OnFetch],
// the [Source], the [Store] and the [Logger] (and an error's own methods) are
// called with no lock held and may call any method, [Renewer.Stop] included;
// the Logger is called as the Listener is, never inside a fetch. Stop returns
// at once, wakes every waiting caller with [ErrStopped], and no callback
// begins after it; [Renewer.Done] tells when the last has ended.
//
// # Request limits
//
// Whatever starts them, fetches start at least [Config.MinBackoff] apart;
// while renewal fails, at most 15 start in any window of 60 MinBackoffs (a
// minute at the default MinBackoff of 1 s). The limits count fetches: one
// fetch of the native HTTP transport may send its request up to 3 times
// when its connection fails (see [Config.MinBackoff]). A server's
// Retry-After is a floor only [Renewer.Refresh] goes under (an HTTP-date
// Retry-After is read against the answer's Date, not the local clock); a
// token arriving with less than [MinLifetime] left (whatever its issue
// time) is reported and renewed at the backoff's pace. [Renewer.Pause]
// stops the renewer's own fetches and its timer until [Renewer.Resume].
//
// # Writing a profile
//
// A [Profile] speaks one kind of token server; the renewer's HTTP source
// does the rest (transport, status codes, expiry, clock skew, retries). Of
// this package, a profile author needs only these:
//
//   - [Profile]: NewRequest describes the [Request] (method, URL, headers,
//     body, the browser's credentials mode); Parse reads the 2xx [Response]
//     into a [Grant]: the token, what the answer says of its expiry, the
//     profile's documented default lifetime, and extras to keep, a
//     credential among them as a [Secret].
//   - Errors: Parse returns [ErrNoToken] or [ErrMalformedResponse] (wrapped
//     with what was wrong; never the token), NewRequest [InvalidSetting]
//     for a setting the server would refuse or misread, which New reports
//     as a permanent [*SettingError] matching [ErrInvalidProfile].
//   - Identity, optional: a profile that reads the answer in a way of its
//     own is an [Identifier] (what it reads is part of the Store key, as the
//     [JSON] profile's field names are), and one whose tokens name what they
//     were minted for is an [IdentityChecker].
//
// [JSON], [Text] and [Detect] are the built-in profiles; the agora, dolby
// and roomservice packages are profiles written this way, and
// renewertest serves all of them for tests. (These names stay in this
// package rather than a profile package of their own: Transport carries
// Request and Response, and the errors a profile returns are the
// renewer's conditions, which Code and every face classify.)
//
// # Secrets
//
// A token value never appears in logs, errors or the formatted output of any
// type of this package: [Token] and [Config] format themselves redacted.
// Neither does a secret of the [Source]'s own: a custom Source names its
// API keys and credentials by being a [SecretHolder], as the HTTP source
// names its header values and URL query values, and the renewer scrubs
// them from every error it reports (see [Renewer.Redact]).
package renewer
