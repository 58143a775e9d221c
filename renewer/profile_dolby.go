package renewer

import (
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/wire"
)

// dolbyDefaultTTL is the lifetime assumed for a Dolby.io client access
// token whose expiry is neither in the response nor in the token: the
// token API's default of 3600 s.
const dolbyDefaultTTL = time.Hour

// Dolby is the profile of a Dolby.io token function, such as the Netlify
// sample (/.netlify/functions/token-generator, or /api/token-generator):
//
//	GET (or POST) url → {"access_token":"…","refresh_token":"…","expires_in":3600}
//
// It also accepts the "accessToken" and "expiresIn" spellings other samples
// use. The refresh_token is dropped: it is a long-lived secret the client
// has no use for, so it is kept nowhere.
//
// Expiry: "expires_in" counted from when the request was sent; else the
// token's own "exp" claim (client access tokens are JWTs); else 1 h, the
// token API's default lifetime.
type Dolby struct {
	// Method is "GET" (default) or "POST"; the sample function answers both.
	Method string
}

// validate refuses a method other than GET or POST.
func (p Dolby) validate() error { return checkMethod("Dolby", p.Method) }

// NewRequest describes a GET, or a body-less POST, of endpoint.
func (p Dolby) NewRequest(endpoint string) (*Request, error) {
	m := strings.ToUpper(p.Method)
	switch m {
	case "":
		m = "GET"
	case "GET", "POST":
	default:
		return nil, checkMethod("Dolby", p.Method)
	}
	return &Request{Method: m, URL: endpoint, Header: map[string]string{"Accept": "application/json"}}, nil
}

// Parse reads the access token and its lifetime.
func (Dolby) Parse(resp *Response) (Grant, error) {
	obj, err := decodeObject(resp.Body)
	if err != nil {
		return Grant{}, err
	}
	v, ok := wire.First(obj, "", []string{"access_token", "accessToken"})
	if !ok || v == "" {
		return Grant{}, ErrNoToken
	}
	s, isString := v.(string)
	if !isString {
		return Grant{}, wrapError(ErrMalformedResponse, "access_token is not a string")
	}
	g := Grant{Value: s, DefaultTTL: dolbyDefaultTTL}
	if v, ok := wire.First(obj, "", []string{"expires_in", "expiresIn"}); ok {
		g.ExpiresIn, _ = parseSeconds(v)
	}
	return g, nil
}
