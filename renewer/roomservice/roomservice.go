// Package roomservice provides the renewer profile of a Room Service auth
// webhook.
package roomservice

import (
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
	"github.com/tokenrenew/tokenrenew/internal/wire"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// roomServiceTTL is the lifetime of a Room Service session token.
const roomServiceTTL = 6 * time.Hour

// Profile is the profile of a Room Service auth webhook: the app's own
// endpoint that checks its user (by cookie or header) and forwards the
// request to Room Service's provision API.
//
//	POST url {"resources":[{"object":"room","reference":room,"permission":"join"}]}
//	→ {"user":"…","resources":[…],"token":"…"}
//
// With Document set, the request also asks for that document, as the
// official browser client does (which asks for "default"):
// {"object":"document","reference":doc,"permission":"read_write","room":room}.
//
// The answer's "user" (a string) and "resources" (a []any of objects) are
// kept in Token.Extra. In the browser the request is sent with credentials
// "include", so the app's login cookie goes along.
//
// Errors: 401 is renewer.ErrUnauthorized (permanent: the user is not allowed); a 200
// answer of {"body":"Unauthorized"}, which the webhook forwards when Room
// Service refused its API key, is renewer.ErrUnauthorized too.
//
// Expiry: the token's own claims when it has them (the answer states none,
// and the earliest stated wins, as for every profile); else 6 h, the
// documented lifetime of Room Service session tokens.
type Profile struct {
	// Room is the room to join (required).
	Room string
	// Document, when set, is a document of the room to ask for too.
	Document string
}

// check refuses an empty Room.
func (p Profile) check() error {
	if p.Room == "" {
		return renewer.InvalidSetting("Room", "Room Service needs a room")
	}
	return nil
}

// NewRequest describes the POST to the webhook at endpoint.
func (p Profile) NewRequest(endpoint string) (*renewer.Request, error) {
	if p.Room == "" {
		return nil, p.check()
	}
	// {"resources":[{"object","reference","permission","room"?}, …]}
	res := []byte{'['}
	if p.Document != "" {
		res = roomResource(res, "document", p.Document, "read_write", p.Room)
		res = append(res, ',')
	}
	res = roomResource(res, "room", p.Room, "join", "")
	res = append(res, ']')
	var body jsonlite.ObjectWriter
	body.Raw("resources", res)
	return &renewer.Request{
		Method:      "POST",
		URL:         endpoint,
		Header:      map[string]string{"Content-Type": "application/json", "Accept": "application/json"},
		Body:        body.Bytes(),
		Credentials: "include",
	}, nil
}

// roomResource appends one resource of a webhook request to b; room is
// left out when empty.
func roomResource(b []byte, object, reference, permission, room string) []byte {
	var w jsonlite.ObjectWriter
	w.String("object", object, false)
	w.String("reference", reference, false)
	w.String("permission", permission, false)
	w.String("room", room, true)
	return append(b, w.Bytes()...)
}

// errRoomServiceKey explains the {"body":"Unauthorized"} answer.
var errRoomServiceKey = errtext.Wrap(renewer.ErrUnauthorized, `the auth webhook answered {"body":"Unauthorized"}: Room Service refused the webhook's API key`)

// Parse reads the token, user and resources of a webhook answer.
func (Profile) Parse(resp *renewer.Response) (renewer.Grant, error) {
	v, err := jsonlite.Decode(resp.Body, false)
	if err != nil {
		return renewer.Grant{}, wire.NotJSON(err, renewer.ErrMalformedResponse)
	}
	if v == nil {
		return renewer.Grant{}, renewer.ErrNoToken // null: no fields at all
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return renewer.Grant{}, wire.NotJSON(jsonlite.ErrNotObject, renewer.ErrMalformedResponse)
	}
	// Field names match as encoding/json matches a struct's: exactly, else
	// case-insensitively. Numbers are float64, as encoding/json gives them.
	var a [4]any
	for i, name := range [...]string{"token", "user", "resources", "body"} {
		if a[i], err = jsonlite.ToFloats(field(obj, name)); err != nil {
			return renewer.Grant{}, errtext.Wrap(renewer.ErrMalformedResponse, name+" has a number out of range")
		}
	}
	token, user, resources, body := a[0], a[1], a[2], a[3]
	list, isList := resources.([]any)
	if resources != nil && !isList {
		return renewer.Grant{}, errtext.Wrap(renewer.ErrMalformedResponse, "resources is not a list")
	}
	if token == nil || token == "" {
		if body == "Unauthorized" {
			return renewer.Grant{}, errRoomServiceKey
		}
		return renewer.Grant{}, renewer.ErrNoToken
	}
	tok, err := wire.String(token, "token", renewer.ErrMalformedResponse)
	if err != nil {
		return renewer.Grant{}, err
	}
	g := renewer.Grant{Value: tok, DefaultTTL: roomServiceTTL, Extra: map[string]any{}}
	if u, ok := user.(string); ok {
		g.Extra["user"] = u
	}
	if list != nil {
		g.Extra["resources"] = list
	}
	return g, nil
}

// field returns obj's value for name, or for a key equal to name under
// case folding when name itself is absent (the first such key in sorted
// order, so that the choice does not depend on map order).
func field(obj map[string]any, name string) any {
	if v, ok := obj[name]; ok {
		return v
	}
	var best string
	found := false
	for k := range obj {
		if strings.EqualFold(k, name) && (!found || k < best) {
			best, found = k, true
		}
	}
	if !found {
		return nil
	}
	return obj[best]
}
