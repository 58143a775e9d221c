package renewer

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidProfile: a profile's settings are ones its token server would
// refuse or silently misread: an unknown profile name, Agora token type or
// role, a missing channel, room or uid, an HTTP method other than GET or
// POST. renewer.New and ProfileByName report it, naming the bad value and
// the accepted ones. Permanent.
var ErrInvalidProfile = errors.New("renewer: invalid profile settings")

// profileError returns a permanent error matching ErrInvalidProfile.
func profileError(msg string) error { return Permanent(wrapError(ErrInvalidProfile, msg)) }

// A validator is a profile that can check its settings before any
// request; the HTTP source calls validate, so that renewer.New refuses
// settings the server would refuse or misread.
type validator interface{ validate() error }

// validateProfile returns p's validate error, if p is a validator.
func validateProfile(p Profile) error {
	if v, ok := p.(validator); ok {
		return v.validate()
	}
	return nil
}

// checkMethod refuses a method other than GET or POST (any case; empty
// means GET) for the profile called name.
func checkMethod(name, m string) error {
	switch strings.ToUpper(m) {
	case "", "GET", "POST":
		return nil
	}
	return profileError(name + " method " + strconv.Quote(m) + " is not \"GET\" or \"POST\"")
}

// ProfileOptions are the settings of every built-in profile in one flat
// struct, for faces that name a profile by string: the mobile binding, the
// JavaScript API and tokenctl. Each profile reads the fields it knows.
type ProfileOptions struct {
	TokenType      string        // Agora: "rtc" (default), "rtm" or "chat"
	Channel        string        // Agora: channel name
	UID            string        // Agora: numeric uid or user account
	Role           string        // Agora: "publisher" (default) or "subscriber"
	Expiry         time.Duration // Agora: requested lifetime
	Legacy         bool          // Agora: the older GET /rtc/... endpoints
	Room           string        // Room Service: room to join
	Document       string        // Room Service: document to ask for too (optional)
	Method         string        // JSON, Text, Dolby: "GET" or "POST"
	Body           []byte        // JSON, Text: request body
	TokenField     string        // JSON: path of the token field
	ExpiresInField string        // JSON: path of a relative lifetime field
	ExpiresAtField string        // JSON: path of an absolute expiry field
}

// ProfileByName returns the built-in profile called name: "agora",
// "dolby", "roomservice", "json", "text", or "" (also "detect" or "auto")
// for detection. An unknown name, or options the profile's server would
// refuse or misread (an unknown Agora role or token type, say), is an
// error matching ErrInvalidProfile.
func ProfileByName(name string, o ProfileOptions) (Profile, error) {
	var p Profile
	switch name {
	case "", "detect", "auto":
		p = Detect{}
	case "json":
		p = JSON{Method: o.Method, Body: o.Body, TokenField: o.TokenField, ExpiresInField: o.ExpiresInField, ExpiresAtField: o.ExpiresAtField}
	case "text":
		p = Text{Method: o.Method, Body: o.Body}
	case "agora":
		p = Agora{TokenType: o.TokenType, Channel: o.Channel, UID: o.UID, Role: o.Role, Expiry: o.Expiry, Legacy: o.Legacy}
	case "dolby":
		p = Dolby{Method: o.Method}
	case "roomservice":
		p = RoomService{Room: o.Room, Document: o.Document}
	default:
		return nil, profileError("unknown profile " + strconv.Quote(name) +
			"; the profiles are \"agora\", \"dolby\", \"roomservice\", \"json\", \"text\" and \"detect\"")
	}
	if err := validateProfile(p); err != nil {
		return nil, err
	}
	return p, nil
}
