package renewer

import (
	"bytes"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/wire"
)

// Field names the generic profiles look for, in order.
var (
	tokenFields     = []string{"token", "access_token", "accessToken", "rtcToken", "rtmToken", "chatToken", "jwt", "id_token"}
	expiresInFields = []string{"expires_in", "expiresIn", "ttl"}
	expiresAtFields = []string{"expires_at", "expiresAt", "expire_at", "expireAt", "expiry", "exp"}
)

// JSON is the generic profile for token servers that answer with a JSON
// object. Zero fields mean: GET, no body, and the common field names
// (token: "token", "access_token", "accessToken", ...; relative lifetime in
// seconds: "expires_in", "expiresIn", "ttl"; absolute expiry as unix seconds,
// milliseconds or RFC 3339: "expires_at", "expiresAt", "expire_at", "exp", ...).
// A field name may be a dotted path into nested objects ("data.token").
// The expiry is the earliest of the lifetime, the absolute expiry and the
// token's own (a JWT's exp), else Config.FallbackTTL. A negative lifetime
// is ErrAlreadyExpired; a lifetime of zero, as in OAuth 2, and one that is
// not a number say nothing.
type JSON struct {
	Method         string // "GET" (default) or "POST"
	Body           []byte // request body; sent as application/json
	TokenField     string // path of the token
	ExpiresInField string // path of a relative lifetime in seconds
	ExpiresAtField string // path of an absolute expiry
}

// NewRequest describes a GET, or a POST of p.Body, to endpoint.
func (p JSON) NewRequest(endpoint string) (*Request, error) {
	m, err := wire.Method("JSON", p.Method, InvalidSetting)
	if err != nil {
		return nil, err
	}
	req := &Request{Method: m, URL: endpoint, Header: map[string]string{"Accept": "application/json"}, Body: p.Body}
	if p.Body != nil {
		req.Header["Content-Type"] = "application/json"
	}
	return req, nil
}

// Parse reads the token and expiry fields of a JSON object.
func (p JSON) Parse(resp *Response) (Grant, error) {
	obj, err := wire.Object(resp.Body, ErrMalformedResponse)
	if err != nil {
		return Grant{}, err
	}
	return grantFromObject(obj, p.TokenField, p.ExpiresInField, p.ExpiresAtField)
}

// grantFromObject reads a Grant from obj with the given field paths, or the
// common names for those left empty.
func grantFromObject(obj map[string]any, tokenField, inField, atField string) (Grant, error) {
	var g Grant
	v, ok := wire.First(obj, tokenField, tokenFields)
	if !ok {
		return g, ErrNoToken
	}
	s, err := wire.String(v, "token field", ErrMalformedResponse)
	if err != nil {
		return g, err
	}
	g.Value = s
	if v, ok := wire.First(obj, inField, expiresInFields); ok {
		if wire.RunOut(v) {
			return Grant{}, errtext.Wrap(ErrAlreadyExpired, "its lifetime is negative")
		}
		g.ExpiresIn, _ = wire.Seconds(v)
	}
	if v, ok := wire.First(obj, atField, expiresAtFields); ok {
		g.ExpiresAt, _ = wire.Time(v)
	}
	return g, nil
}

// Detect is the profile used when none is configured: a GET whose answer is
// read as a JSON object with the common field names (see JSON) when it looks
// like one, and as plain text otherwise.
type Detect struct{}

// NewRequest describes a GET of endpoint.
func (Detect) NewRequest(endpoint string) (*Request, error) {
	return &Request{Method: "GET", URL: endpoint, Header: map[string]string{"Accept": "application/json, text/plain"}}, nil
}

// Parse reads a JSON object or a plain-text token.
func (Detect) Parse(resp *Response) (Grant, error) {
	if b := bytes.TrimSpace(resp.Body); len(b) > 0 && b[0] == '{' {
		return JSON{}.Parse(resp)
	}
	return Text{}.Parse(resp)
}

// Identity returns the field p reads the token from: one request answered
// with two tokens ("rtcToken" and "rtmToken") serves two identities. It
// makes JSON an Identifier.
func (p JSON) Identity() []string { return []string{"json token field", p.TokenField} }
