package renewer

import (
	"errors"
	"strconv"
	"time"
)

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
// "dolby", "roomservice", "json", "text", or "" for detection.
func ProfileByName(name string, o ProfileOptions) (Profile, error) {
	switch name {
	case "", "detect", "auto":
		return Detect{}, nil
	case "json":
		return JSON{Method: o.Method, Body: o.Body, TokenField: o.TokenField, ExpiresInField: o.ExpiresInField, ExpiresAtField: o.ExpiresAtField}, nil
	case "text":
		return Text{Method: o.Method, Body: o.Body}, nil
	case "agora":
		a := Agora{TokenType: o.TokenType, Channel: o.Channel, UID: o.UID, Role: o.Role, Expiry: o.Expiry, Legacy: o.Legacy}
		if err := a.check(); err != nil {
			return nil, err
		}
		return a, nil
	case "dolby":
		return Dolby{Method: o.Method}, nil
	case "roomservice":
		if o.Room == "" {
			return nil, errors.New("renewer: profile roomservice needs a room")
		}
		return RoomService{Room: o.Room, Document: o.Document}, nil
	}
	return nil, errors.New("renewer: unknown profile " + strconv.Quote(name))
}
