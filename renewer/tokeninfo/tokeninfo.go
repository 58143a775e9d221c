// Package tokeninfo reads what a token says of itself, without any secret:
// its format, issue and expiry times, and what else it carries, for JWTs
// (claims are read, the signature is not verified) and Agora AccessToken
// 006 and AccessToken2 007. The renewer uses it to learn a token's expiry
// when the server's answer does not say, and to check that a stored token
// is for the configured channel and uid; tokenctl inspect prints it.
//
// It imports nothing of the module but the JSON reader, and bounds its work
// and memory by the token's size.
package tokeninfo

import (
	"errors"
	"strings"
	"time"
)

// Format names a token format.
type Format string

// MaxTokenLen is the longest token Inspect decodes, in bytes: the renewer's
// own limit on a token value.
const MaxTokenLen = 16 << 10

// Token formats Inspect recognises.
const (
	FormatOpaque   Format = "opaque"    // not recognised; nothing can be read from it
	FormatJWT      Format = "jwt"       // a JSON Web Token (JWS compact form)
	FormatAgora006 Format = "agora-006" // an Agora AccessToken, version 006
	FormatAgora007 Format = "agora-007" // an Agora AccessToken2, version 007
)

// ErrMalformedToken: the token starts like a known format ("006", "007", or
// a JWT whose first part decodes to a JSON object) but its body cannot be
// decoded. The error text never contains the token.
var ErrMalformedToken = errors.New("tokeninfo: malformed token")

// Info is what can be read from a token without any secret. It never holds
// the token's signature or any secret; every field is safe to print.
//
// Times are by the issuer's clock, with one-second resolution except for
// JWT claims with a fractional part.
type Info struct {
	// Format is the token's format; FormatOpaque when not recognised.
	Format Format
	// IssuedAt is when the token was issued: the JWT "iat" claim or the
	// Agora 007 issue_ts. Zero when unknown (always for Agora 006, which
	// carries no issue time).
	IssuedAt time.Time
	// ExpiresAt is when a client must hold a new token: the JWT "exp"
	// claim; for Agora, the earlier of the token's own validity (ValidUntil)
	// and the RTC join-channel or RTM login privilege when that is set.
	// Zero when unknown.
	ExpiresAt time.Time

	// ValidUntil is the end of an Agora token's own validity window (006
	// "ts", 007 issue_ts + expire). It can be later than ExpiresAt when a
	// privilege ends sooner. Zero for JWT and opaque tokens and when 006
	// "ts" is 0.
	ValidUntil time.Time
	// AppID is the Agora app ID the token was built for (006 and 007).
	AppID string
	// Salt is the random salt of an Agora token (006 and 007).
	Salt uint32
	// Privileges are an Agora 006 token's privileges: privilege id (1 join
	// channel, 2 publish audio, 3 publish video, 4 publish data, 1000 RTM
	// login, …) to absolute expiry time, the zero time for a privilege
	// given as 0 ("no limit of its own"). Nil for other formats.
	Privileges map[uint16]time.Time
	// ChannelCRC and UIDCRC are the CRC-32 (IEEE) of the channel name and
	// of the uid string an Agora 006 token was built for; 006 carries only
	// these, not the names. For an RTM 006 token ChannelCRC is the CRC of
	// the user account and UIDCRC is 0.
	ChannelCRC, UIDCRC uint32
	// Services are an Agora 007 token's services, in token order. Nil for
	// other formats.
	Services []AgoraService
	// Truncated reports that decoding an Agora 007 token stopped at a
	// service type it does not know (the last entry of Services): services
	// have no length prefix, so any after it could not be read.
	Truncated bool
	// Header is a JWT's JOSE header ("alg", "typ", "kid", …), nil for other
	// formats. JSON numbers are Numbers.
	Header map[string]any
	// Claims is a JWT's payload ("exp", "iat", "sub", …), nil for other
	// formats. JSON numbers are Numbers, so large ids stay exact.
	Claims map[string]any
}

// An AgoraService is one service of an Agora AccessToken2 (007) token.
type AgoraService struct {
	// Type is the service type number: 1 RTC, 2 RTM, 3 streaming, 4 FPA,
	// 5 chat, 6 FCDN, 7 APaaS (education), 8 RTM2.
	Type uint16
	// Name is the service's lower-case name ("rtc", "rtm", "chat", …), or
	// "" for a type number that has none.
	Name string
	// Privileges maps privilege id (RTC: 1 join channel, 2 publish audio,
	// 3 publish video, 4 publish data; RTM and FPA: 1 login; chat: 1 user,
	// 2 app; APaaS: 1 room user, 2 user, 3 app) to absolute expiry time, the
	// zero time for a privilege given as 0. Nil when the type is not known.
	Privileges map[uint16]time.Time
	// Channel is the RTC channel name, or the APaaS room UUID.
	Channel string
	// UID is the RTC uid ("" for uid 0, a decimal number, or a user
	// account), or the APaaS user UUID.
	UID string
	// User is the RTM or chat user id ("" for a chat app token).
	User string
	// Role is the APaaS role.
	Role int16
}

// Agora 007 service types.
const (
	agoraServiceRTC  = 1
	agoraServiceRTM  = 2
	agoraServiceFPA  = 4
	agoraServiceChat = 5
	agoraServiceEdu  = 7
)

// agoraServiceNames names the 007 service types by number.
var agoraServiceNames = [...]string{1: "rtc", 2: "rtm", 3: "streaming", 4: "fpa", 5: "chat", 6: "fcdn", 7: "apaas", 8: "rtm2"}

// agoraServiceName returns the name of service type t, or "".
func agoraServiceName(t uint16) string {
	if int(t) < len(agoraServiceNames) {
		return agoraServiceNames[t]
	}
	return ""
}

// Inspect reads the format, issue time and expiry of a token, and what else
// the format carries, without verifying it and without any secret. An
// unrecognised token is FormatOpaque with a nil error. A token that starts
// like a known format but cannot be decoded returns an error matching
// ErrMalformedToken. Inspect never panics, and allocates at most a small
// multiple of len(value), plus for a 007 token a fixed amount under
// 128 KiB: the inflater's window and the content, cut at 64 KiB. It is
// safe for concurrent use and takes about 10 µs for a 007 token, less for
// the others.
func Inspect(value string) (Info, error) {
	switch {
	case strings.HasPrefix(value, "006"):
		return inspectAgora006(value)
	case strings.HasPrefix(value, "007"):
		return inspectAgora007(value)
	}
	if header, payload, ok := splitJWT(value); ok {
		return inspectJWT(value, header, payload)
	}
	return Info{Format: FormatOpaque}, nil
}

// tooLong reports whether a recognised token is longer than MaxTokenLen.
func tooLong(value string) bool { return len(value) > MaxTokenLen }
