// Package dolby provides the renewer profile of a Dolby.io token function.
package dolby

import (
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/wire"
	"github.com/tokenrenew/tokenrenew/renewer"
)

// dolbyDefaultTTL is the lifetime assumed for a Dolby.io client access
// token whose expiry is neither in the response nor in the token: the
// token API's default of 3600 s.
const dolbyDefaultTTL = time.Hour

// Profile is the profile of a Dolby.io token function, such as the Netlify
// sample (/.netlify/functions/token-generator, or /api/token-generator):
//
//	GET (or POST) url → {"access_token":"…","refresh_token":"…","expires_in":3600}
//
// It also accepts the "accessToken" and "expiresIn" spellings other samples
// use. The refresh_token is dropped: it is a long-lived secret the client
// has no use for, so it is kept nowhere.
//
// Expiry: the earlier of "expires_in", counted from when the request was
// sent, and the token's own "exp" claim (client access tokens are JWTs), as
// for every profile; else 1 h, the token API's default lifetime.
type Profile struct {
	// Method is "GET" (default) or "POST"; the sample function answers both.
	Method string
}

// NewRequest describes a GET, or a body-less POST, of endpoint.
func (p Profile) NewRequest(endpoint string) (*renewer.Request, error) {
	m, err := wire.Method("Dolby", p.Method, renewer.InvalidSetting)
	if err != nil {
		return nil, err
	}
	return &renewer.Request{Method: m, URL: endpoint, Header: map[string]string{"Accept": "application/json"}}, nil
}

// Parse reads the access token and its lifetime.
func (Profile) Parse(resp *renewer.Response) (renewer.Grant, error) {
	obj, err := wire.Object(resp.Body, renewer.ErrMalformedResponse)
	if err != nil {
		return renewer.Grant{}, err
	}
	v, ok := wire.First(obj, "", []string{"access_token", "accessToken"})
	if !ok || v == "" {
		return renewer.Grant{}, renewer.ErrNoToken
	}
	s, err := wire.String(v, "access_token", renewer.ErrMalformedResponse)
	if err != nil {
		return renewer.Grant{}, err
	}
	g := renewer.Grant{Value: s, DefaultTTL: dolbyDefaultTTL}
	if v, ok := wire.First(obj, "", []string{"expires_in", "expiresIn"}); ok {
		if wire.RunOut(v) {
			return renewer.Grant{}, errtext.Wrap(renewer.ErrAlreadyExpired, "expires_in is negative")
		}
		g.ExpiresIn, _ = wire.Seconds(v)
	}
	return g, nil
}
