// Package profiles is the one table of built-in profile names and their
// options that every face maps from: the mobile binding, the JavaScript
// API and tokenctl.
package profiles

import (
	"strconv"
	"time"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/agora"
	"github.com/tokenrenew/tokenrenew/renewer/dolby"
	"github.com/tokenrenew/tokenrenew/renewer/roomservice"
)

// Options are the settings of every built-in profile in one flat
// struct, for faces that name a profile by string: the mobile binding, the
// JavaScript API and tokenctl. Each profile reads the fields it knows.
type Options struct {
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

// ByName returns the built-in profile called name: "agora",
// "dolby", "roomservice", "json", "text", or "" (also "detect" or "auto")
// for detection. An unknown name, or options the profile's server would
// refuse or misread (an unknown Agora role or token type, say), is an
// error matching renewer.ErrInvalidProfile.
func ByName(name string, o Options) (renewer.Profile, error) {
	var p renewer.Profile
	switch name {
	case "", "detect", "auto":
		p = renewer.Detect{}
	case "json":
		p = renewer.JSON{Method: o.Method, Body: o.Body, TokenField: o.TokenField, ExpiresInField: o.ExpiresInField, ExpiresAtField: o.ExpiresAtField}
	case "text":
		p = renewer.Text{Method: o.Method, Body: o.Body}
	case "agora":
		p = agora.Profile{TokenType: o.TokenType, Channel: o.Channel, UID: o.UID, Role: o.Role, Expiry: o.Expiry, Legacy: o.Legacy}
	case "dolby":
		p = dolby.Profile{Method: o.Method}
	case "roomservice":
		p = roomservice.Profile{Room: o.Room, Document: o.Document}
	default:
		return nil, renewer.InvalidSetting("Profile", "unknown profile "+strconv.Quote(name)+
			"; the profiles are \"agora\", \"dolby\", \"roomservice\", \"json\", \"text\" and \"detect\"")
	}
	// A profile is pure: building one request to a placeholder endpoint
	// shows whether its settings are ones the server would refuse.
	if _, err := p.NewRequest("https://localhost/"); err != nil {
		return nil, err
	}
	return p, nil
}
