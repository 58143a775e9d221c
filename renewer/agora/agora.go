// Package agora provides the renewer profile of the Agora community token
// service (AgoraIO-Community/agora-token-service).
package agora

import (
	"hash/crc32"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/internal/urlx"
	"github.com/tokenrenew/tokenrenew/internal/wire"
	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
)

// agoraDefaultTTL is the lifetime assumed for an Agora token whose expiry is
// neither requested nor readable from the token: Agora's 24 h maximum.
const agoraDefaultTTL = 24 * time.Hour

// Profile is the profile of the Agora community token service
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
// Expiry: the token's own (Agora 006 or 007 tokens carry it; the answer
// states none, and the earliest stated wins, as for every profile); else
// the requested Expiry; else 24 h, Agora's maximum. When Expiry is zero the
// service mints tokens of 3600 s, which the token itself tells.
type Profile struct {
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
func (p Profile) NewRequest(endpoint string) (*renewer.Request, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	u, ok := urlx.Parse(endpoint)
	if !ok {
		return nil, urlx.Invalid("parse", endpoint)
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
	return &renewer.Request{
		Method: "POST",
		URL:    u.String(),
		Header: map[string]string{"Content-Type": "application/json", "Accept": "application/json"},
		Body:   body.Bytes(),
	}, nil
}

// legacyRequest describes the GET of one of the older routes below base.
func (p Profile) legacyRequest(base *url.URL) (*renewer.Request, error) {
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
	return &renewer.Request{Method: "GET", URL: u.String(), Header: map[string]string{"Accept": "application/json"}}, nil
}

// check reports a setting the service would refuse or misread (it takes
// any role but "publisher" for subscriber), as ErrInvalidProfile.
func (p Profile) check() error {
	t := p.tokenType()
	switch {
	case t != "rtc" && t != "rtm" && t != "chat" && !(t == "rte" && p.Legacy):
		return renewer.InvalidSetting("TokenType", "Agora token type "+strconv.Quote(p.TokenType)+` is not "rtc", "rtm" or "chat" (or "rte" for legacy tokens)`)
	case p.Role != "" && !strings.EqualFold(p.Role, "publisher") && !strings.EqualFold(p.Role, "subscriber"):
		return renewer.InvalidSetting("Role", "Agora role "+strconv.Quote(p.Role)+` is not "publisher" or "subscriber"`)
	case (t == "rtc" || t == "rte") && p.Channel == "":
		return renewer.InvalidSetting("Channel", "Agora RTC tokens need a channel")
	case t == "rtm" && (p.UID == "" || p.UID == "0"):
		return renewer.InvalidSetting("UID", "Agora RTM tokens need a uid other than 0")
	case p.Expiry < 0:
		return renewer.InvalidSetting("Expiry", "Agora token expiry must not be negative")
	}
	return nil
}

func (p Profile) tokenType() string {
	if p.TokenType == "" {
		return "rtc"
	}
	return strings.ToLower(p.TokenType)
}

func (p Profile) role() string {
	if p.tokenType() == "rtm" || p.tokenType() == "chat" {
		return ""
	}
	if p.Role == "" {
		return "publisher"
	}
	return strings.ToLower(p.Role)
}

// uid returns the uid to send: "0" stands for an empty RTC uid.
func (p Profile) uid() string {
	if p.UID == "" && (p.tokenType() == "rtc" || p.tokenType() == "rte") {
		return "0"
	}
	return p.UID
}

// uidKind is the legacy route's token type segment: "uid" for a numeric
// uid, "userAccount" otherwise.
func (p Profile) uidKind() string {
	if _, err := strconv.ParseUint(p.uid(), 10, 32); err == nil {
		return "uid"
	}
	return "userAccount"
}

// expirySeconds is Expiry in whole seconds, rounded up; zero when unset.
func (p Profile) expirySeconds() int64 {
	return int64((p.Expiry + time.Second - 1) / time.Second)
}

// Parse reads {"token"}, or the legacy {"rtcToken"}, {"rtmToken"} and
// {"chatToken"} answers.
func (p Profile) Parse(resp *renewer.Response) (renewer.Grant, error) {
	obj, err := wire.Object(resp.Body, renewer.ErrMalformedResponse)
	if err != nil {
		return renewer.Grant{}, err
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
		return renewer.Grant{}, renewer.ErrNoToken
	}
	s, err := wire.String(v, field, renewer.ErrMalformedResponse)
	if err != nil {
		return renewer.Grant{}, err
	}
	g := renewer.Grant{Value: s, DefaultTTL: agoraDefaultTTL}
	if p.Expiry > 0 {
		g.DefaultTTL = time.Duration(p.expirySeconds()) * time.Second
	}
	if rtm, ok := obj["rtmToken"].(string); ok && p.Legacy && p.tokenType() == "rte" && rtm != "" {
		g.Extra = map[string]any{"rtmToken": renewer.Secret(rtm)}
	}
	return g, nil
}

// CheckIdentity reports whether the Agora token that info describes was
// built for p's token type, channel and uid (007 names them, 006 their
// checksums); an error matches renewer.ErrWrongIdentity. A 007 token with
// no service of p's type (an RTM token for an RTC renewer, or the reverse)
// is another identity's too. It makes Profile a renewer.IdentityChecker.
func (p Profile) CheckIdentity(info tokeninfo.Info) error {
	t := p.tokenType()
	uid := p.UID
	if uid == "0" {
		uid = ""
	}
	mismatch := func(what string) error {
		return errtext.Wrap(renewer.ErrWrongIdentity, "the Agora token is for another "+what+" than the configured one")
	}
	switch info.Format {
	case tokeninfo.FormatAgora007:
		if !hasService(info.Services, t) {
			return mismatch("token type")
		}
		for _, s := range info.Services {
			switch {
			case s.Name == "rtc" && (t == "rtc" || t == "rte"):
				if s.Channel != p.Channel {
					return mismatch("channel")
				}
				if got := s.UID; got != uid && !(got == "0" && uid == "") {
					return mismatch("uid")
				}
			case s.Name == "rtm" && t == "rtm":
				if s.User != p.UID {
					return mismatch("user")
				}
			}
		}
	case tokeninfo.FormatAgora006:
		if t == "rtc" || t == "rte" {
			if info.ChannelCRC != crc32.ChecksumIEEE([]byte(p.Channel)) {
				return mismatch("channel")
			}
			if info.UIDCRC != crc32.ChecksumIEEE([]byte(uid)) && info.UIDCRC != crc32.ChecksumIEEE([]byte("0")) {
				return mismatch("uid")
			}
		}
	}
	return nil
}

// hasService reports whether a 007 token's services hold the one a
// renewer of token type t needs: rtc for "rtc" and "rte", rtm, chat. A
// token cut short at a service tokeninfo does not know is judged by the
// services read: one missing there is refused, and the renewer fetches.
func hasService(services []tokeninfo.AgoraService, t string) bool {
	want := t
	if t == "rte" {
		want = "rtc"
	}
	for _, s := range services {
		if s.Name == want {
			return true
		}
	}
	return false
}
