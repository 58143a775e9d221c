package renewer

import (
	"bytes"

	"github.com/tokenrenew/tokenrenew/internal/wire"
)

// Text is the profile for token servers that answer with the bare token as
// the body (surrounding white space is ignored). The expiry comes from the
// token itself or Config.FallbackTTL.
type Text struct {
	Method string // "GET" (default) or "POST"
	Body   []byte // request body for POST
}

// NewRequest describes a GET, or a POST of p.Body, to endpoint.
func (p Text) NewRequest(endpoint string) (*Request, error) {
	m, err := wire.Method("Text", p.Method, InvalidSetting)
	if err != nil {
		return nil, err
	}
	return &Request{Method: m, URL: endpoint, Header: map[string]string{"Accept": "text/plain"}, Body: p.Body}, nil
}

// Parse returns the trimmed body as the token.
func (Text) Parse(resp *Response) (Grant, error) {
	v := bytes.TrimSpace(resp.Body)
	if len(v) == 0 {
		return Grant{}, ErrNoToken
	}
	return Grant{Value: string(v)}, nil
}
