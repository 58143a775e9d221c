package renewer

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/internal/urlx"
)

// agoraDefaultTTL is the lifetime assumed for an Agora token whose expiry is
// neither requested nor readable from the token: Agora's 24 h maximum.
const agoraDefaultTTL = 24 * time.Hour

// Agora is the profile of the Agora community token service
// (AgoraIO-Community/agora-token-service). The endpoint is the service's
// base URL, such as "https://tokens.example.com".
//
// By default it uses the current API:
//
//	POST {base}/getToken
//	{"tokenType":"rtc","channel":"…","role":"publisher","uid":"…","expire":s}
//	→ {"token":"007…"}
//
// With Legacy it uses the older (deprecated) GET routes, trailing slash
// included, since without it the service answers 301:
//
//	GET {base}/rtc/{channel}/{role}/{uid|userAccount}/{uid}/?expiry=s → {"rtcToken":"…"}
//	GET {base}/rtm/{uid}/?expiry=s                                  → {"rtmToken":"…"}
//	GET {base}/rte/{channel}/{role}/{uid|userAccount}/{uid}/?expiry=s → {"rtcToken":"…","rtmToken":"…"}
//	GET {base}/chat/app/ or {base}/chat/account/{uid}/ ?expiry=s    → {"chatToken":"…"}
//
// For "rte" the Token's Value is the RTC token and the RTM token is kept in
// Token.Extra["rtmToken"] as a [Secret]; both are minted with one lifetime.
//
// Errors: the service answers 400 with a plain-text (POST) or JSON (GET)
// explanation, reported as a permanent *StatusError carrying it; 403
// {"error":"Origin not allowed"} is ErrOriginNotAllowed.
//
// Expiry: the token's own (Agora 006 or 007 tokens carry it); else the
// requested Expiry; else 24 h, Agora's maximum. When Expiry is zero the
// service mints tokens of 3600 s, which the token itself tells.
type Agora struct {
	// TokenType is "rtc" (default), "rtm" or "chat"; with Legacy also
	// "rte", both an RTC and an RTM token.
	TokenType string
	// Channel is the channel name (RTC and RTE tokens; optional for RTM,
	// where it adds a stream-channel privilege).
	Channel string
	// UID is a numeric uid or a user account. Empty means "0" for RTC
	// tokens (any uid may join); RTM tokens need one.
	UID string
	// Role is "publisher" (default) or "subscriber", in any case; any other
	// role is refused (the service would silently mint a subscriber token).
	Role string
	// Expiry is the requested lifetime, in whole seconds; zero lets the
	// service choose (3600 s).
	Expiry time.Duration
	// Legacy selects the older GET routes.
	Legacy bool
}

// NewRequest describes the request for p's token at the service whose base
// URL is endpoint. It fails when p lacks what its token type needs.
func (p Agora) NewRequest(endpoint string) (*Request, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	u, ok := urlx.Parse(endpoint)
	if !ok {
		return nil, invalidURL("parse", endpoint)
	}
	if p.Legacy {
		return p.legacyRequest(u)
	}
	// The body of POST /getToken: tokenType always, the rest when set.
	var body jsonlite.ObjectWriter
	body.String("tokenType", p.tokenType(), false)
	body.String("channel", p.Channel, true)
	body.String("role", p.role(), true)
	body.String("uid", p.uid(), true)
	body.Int("expire", p.expirySeconds(), true)
	if !strings.HasSuffix(u.Path, "/getToken") {
		u = u.JoinPath("getToken")
	}
	return &Request{
		Method: "POST",
		URL:    u.String(),
		Header: map[string]string{"Content-Type": "application/json", "Accept": "application/json"},
		Body:   body.Bytes(),
	}, nil
}

// legacyRequest describes the GET of one of the older routes below base.
func (p Agora) legacyRequest(base *url.URL) (*Request, error) {
	var segs []string
	switch p.tokenType() {
	case "rtc", "rte":
		segs = []string{p.tokenType(), p.Channel, p.role(), p.uidKind(), p.uid()}
	case "rtm":
		segs = []string{"rtm", p.UID}
	case "chat":
		segs = []string{"chat", "app"}
		if p.UID != "" {
			segs = []string{"chat", "account", p.UID}
		}
	}
	u := *base
	path := strings.TrimSuffix(u.Path, "/")
	raw := strings.TrimSuffix(u.EscapedPath(), "/")
	for _, s := range segs {
		path += "/" + s
		raw += "/" + url.PathEscape(s)
	}
	u.Path, u.RawPath = path+"/", raw+"/"
	q := urlx.QueryValues(u.RawQuery)
	if s := p.expirySeconds(); s > 0 {
		q.Set("expiry", strconv.FormatInt(s, 10))
	}
	u.RawQuery = q.Encode()
	return &Request{Method: "GET", URL: u.String(), Header: map[string]string{"Accept": "application/json"}}, nil
}

// check reports a setting the service would refuse or misread (it takes
// any role but "publisher" for subscriber), as ErrInvalidProfile.
func (p Agora) check() error {
	t := p.tokenType()
	switch {
	case t != "rtc" && t != "rtm" && t != "chat" && !(t == "rte" && p.Legacy):
		return profileError("Agora token type " + strconv.Quote(p.TokenType) + ` is not "rtc", "rtm" or "chat" (or "rte" with Legacy)`)
	case p.Role != "" && !strings.EqualFold(p.Role, "publisher") && !strings.EqualFold(p.Role, "subscriber"):
		return profileError("Agora role " + strconv.Quote(p.Role) + ` is not "publisher" or "subscriber"`)
	case (t == "rtc" || t == "rte") && p.Channel == "":
		return profileError("Agora RTC tokens need a Channel")
	case t == "rtm" && (p.UID == "" || p.UID == "0"):
		return profileError("Agora RTM tokens need a UID other than 0")
	case p.Expiry < 0:
		return profileError("Agora Expiry must not be negative")
	}
	return nil
}

// validate reports the settings check refuses, so that renewer.New does.
func (p Agora) validate() error { return p.check() }

func (p Agora) tokenType() string {
	if p.TokenType == "" {
		return "rtc"
	}
	return strings.ToLower(p.TokenType)
}

func (p Agora) role() string {
	if p.tokenType() == "rtm" || p.tokenType() == "chat" {
		return ""
	}
	if p.Role == "" {
		return "publisher"
	}
	return strings.ToLower(p.Role)
}

// uid returns the uid to send: "0" stands for an empty RTC uid.
func (p Agora) uid() string {
	if p.UID == "" && (p.tokenType() == "rtc" || p.tokenType() == "rte") {
		return "0"
	}
	return p.UID
}

// uidKind is the legacy route's token type segment: "uid" for a numeric
// uid, "userAccount" otherwise.
func (p Agora) uidKind() string {
	if _, err := strconv.ParseUint(p.uid(), 10, 32); err == nil {
		return "uid"
	}
	return "userAccount"
}

// expirySeconds is Expiry in whole seconds, rounded up; zero when unset.
func (p Agora) expirySeconds() int64 {
	return int64((p.Expiry + time.Second - 1) / time.Second)
}

// Parse reads {"token"}, or the legacy {"rtcToken"}, {"rtmToken"} and
// {"chatToken"} answers.
func (p Agora) Parse(resp *Response) (Grant, error) {
	obj, err := decodeObject(resp.Body)
	if err != nil {
		return Grant{}, err
	}
	field := "token"
	if p.Legacy {
		field = map[string]string{"rtc": "rtcToken", "rte": "rtcToken", "rtm": "rtmToken", "chat": "chatToken"}[p.tokenType()]
	}
	v, ok := obj[field]
	if !ok && p.Legacy {
		v, ok = obj["token"]
	}
	if !ok || v == "" {
		return Grant{}, ErrNoToken
	}
	s, isString := v.(string)
	if !isString {
		return Grant{}, wrapError(ErrMalformedResponse, field+" is not a string")
	}
	g := Grant{Value: s, DefaultTTL: agoraDefaultTTL}
	if p.Expiry > 0 {
		g.DefaultTTL = time.Duration(p.expirySeconds()) * time.Second
	}
	if rtm, ok := obj["rtmToken"].(string); ok && p.Legacy && p.tokenType() == "rte" && rtm != "" {
		if err := checkValue(rtm); err != nil {
			return Grant{}, err
		}
		g.Extra = map[string]any{"rtmToken": Secret(rtm)}
	}
	return g, nil
}

// A Secret is a credential kept in Token.Extra, such as the RTM token of an
// Agora "rte" answer. Like Token, it formats itself redacted with every fmt
// verb, in JSON and in slog output; convert it with string() to use it.
type Secret string

// String returns "REDACTED".
func (Secret) String() string { return "REDACTED" }

// GoString returns "REDACTED".
func (Secret) GoString() string { return "REDACTED" }

// Format implements fmt.Formatter: every verb prints "REDACTED".
func (Secret) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte("REDACTED")) }

// MarshalJSON encodes the secret as the string "REDACTED".
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"REDACTED"`), nil }

// MarshalText encodes the secret as "REDACTED".
func (Secret) MarshalText() ([]byte, error) { return []byte("REDACTED"), nil }
