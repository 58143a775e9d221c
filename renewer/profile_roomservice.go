package renewer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// roomServiceTTL is the lifetime of a Room Service session token.
const roomServiceTTL = 6 * time.Hour

// RoomService is the profile of a Room Service auth webhook: the app's own
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
// Errors: 401 is ErrUnauthorized (permanent: the user is not allowed); a 200
// answer of {"body":"Unauthorized"}, which the webhook forwards when Room
// Service refused its API key, is ErrUnauthorized too.
//
// Expiry: the token's own claims when it has them; else 6 h, the documented
// lifetime of Room Service session tokens.
type RoomService struct {
	// Room is the room to join (required).
	Room string
	// Document, when set, is a document of the room to ask for too.
	Document string
}

// roomResource is one resource of a webhook request.
type roomResource struct {
	Object     string `json:"object"`
	Reference  string `json:"reference"`
	Permission string `json:"permission"`
	Room       string `json:"room,omitempty"`
}

// NewRequest describes the POST to the webhook at endpoint.
func (p RoomService) NewRequest(endpoint string) (*Request, error) {
	if p.Room == "" {
		return nil, errors.New("renewer: RoomService needs a Room")
	}
	var res []roomResource
	if p.Document != "" {
		res = append(res, roomResource{Object: "document", Reference: p.Document, Permission: "read_write", Room: p.Room})
	}
	res = append(res, roomResource{Object: "room", Reference: p.Room, Permission: "join"})
	body, err := json.Marshal(struct {
		Resources []roomResource `json:"resources"`
	}{res})
	if err != nil {
		return nil, err
	}
	return &Request{
		Method:      "POST",
		URL:         endpoint,
		Header:      map[string]string{"Content-Type": "application/json", "Accept": "application/json"},
		Body:        body,
		Credentials: "include",
	}, nil
}

// errRoomServiceKey explains the {"body":"Unauthorized"} answer.
var errRoomServiceKey = fmt.Errorf("%w: the auth webhook answered {\"body\":\"Unauthorized\"}: Room Service refused the webhook's API key", ErrUnauthorized)

// Parse reads the token, user and resources of a webhook answer.
func (RoomService) Parse(resp *Response) (Grant, error) {
	var a struct {
		Token     any   `json:"token"`
		User      any   `json:"user"`
		Resources []any `json:"resources"`
		Body      any   `json:"body"`
	}
	dec := json.NewDecoder(bytes.NewReader(resp.Body))
	if err := dec.Decode(&a); err != nil {
		if _, objErr := decodeObject(resp.Body); objErr != nil {
			return Grant{}, objErr
		}
		return Grant{}, fmt.Errorf("%w: resources is not a list", ErrMalformedResponse)
	}
	if a.Token == nil || a.Token == "" {
		if a.Body == "Unauthorized" {
			return Grant{}, errRoomServiceKey
		}
		return Grant{}, ErrNoToken
	}
	tok, ok := a.Token.(string)
	if !ok {
		return Grant{}, fmt.Errorf("%w: token is not a string", ErrMalformedResponse)
	}
	g := Grant{Value: tok, DefaultTTL: roomServiceTTL, Extra: map[string]any{}}
	if u, ok := a.User.(string); ok {
		g.Extra["user"] = u
	}
	if a.Resources != nil {
		g.Extra["resources"] = a.Resources
	}
	return g, nil
}
