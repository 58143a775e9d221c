package renewer

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
)

// What a profile author needs: Profile, Grant, ErrInvalidProfile,
// InvalidSetting and SettingError are here; Request and Response, which
// a Transport carries too, are in transport.go; Identifier and
// IdentityChecker, optional, in identity.go. The package doc's "Writing a
// profile" says how they fit.

// A Profile speaks one kind of token server. It is pure: it describes the
// request and reads the response, and the HTTP source does the rest
// (transport, status codes, expiry, clock skew).
type Profile interface {
	// NewRequest describes the request to the token server at endpoint.
	NewRequest(endpoint string) (*Request, error)
	// Parse reads a 2xx response. It returns ErrNoToken, ErrMalformedResponse
	// or another error when the response does not hold a token.
	Parse(resp *Response) (Grant, error)
}

// A Grant is what a Profile read from a response. Of ExpiresIn, ExpiresAt
// and the token's own expiry, the earliest wins (see Token.ExpirySource);
// DefaultTTL stands in when none is given.
type Grant struct {
	// Value is the token.
	Value string
	// ExpiresIn is a lifetime the response gave, relative to when the
	// request was sent (such as "expires_in"), or zero.
	ExpiresIn time.Duration
	// ExpiresAt is an absolute expiry the response gave, by the server's
	// clock (such as "expire_at"), or the zero time.
	ExpiresAt time.Time
	// DefaultTTL is the profile's documented lifetime for tokens whose
	// expiry is neither in the response nor in the token, or zero.
	DefaultTTL time.Duration
	// Extra holds the fields to keep on the Token; a credential among them
	// is a Secret (see Token.Extra).
	Extra map[string]any
}

// String describes the grant without its token value.
func (g Grant) String() string {
	return "renewer.Grant{Value:(redacted, " + strconv.Itoa(len(g.Value)) + " bytes), ExpiresIn:" + g.ExpiresIn.String() +
		", ExpiresAt:" + g.ExpiresAt.String() + ", DefaultTTL:" + g.DefaultTTL.String() + "}"
}

// Format implements fmt.Formatter: every verb prints String.
func (g Grant) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(g.String())) }

// MarshalJSON encodes String, so that the token is not marshalled either.
func (g Grant) MarshalJSON() ([]byte, error) { return jsonlite.AppendString(nil, g.String()), nil }

// ErrInvalidProfile: a profile's settings are ones its token server would
// refuse or silently misread: an unknown profile name, Agora token type or
// role, a missing channel, room or uid, an HTTP method other than GET or
// POST. renewer.New reports it, naming the bad value and
// the accepted ones. Permanent.
var ErrInvalidProfile = errors.New("renewer: invalid profile settings")

// InvalidSetting returns a permanent *SettingError, matching
// ErrInvalidProfile, that names the refused setting and reads
// "renewer: invalid profile settings: <why>". A Profile's NewRequest returns
// it for a setting its server would refuse or misread, so that New refuses
// it, and so that each face can name the option its users set (Agora's
// Channel is the JavaScript option channel).
func InvalidSetting(setting, why string) error {
	return Permanent(&SettingError{Setting: setting, err: errtext.Wrap(ErrInvalidProfile, why)})
}

// A SettingError reports the one setting of a profile its token server
// would refuse or misread. It matches ErrInvalidProfile and reads
// "renewer: invalid profile settings: <why>".
type SettingError struct {
	// Setting is the field of the profile's struct, as Go spells it:
	// "Channel", "TokenType", "UID", "Room", "Method".
	Setting string
	err     error
}

func (e *SettingError) Error() string { return e.err.Error() }

// Unwrap returns the error matching ErrInvalidProfile.
func (e *SettingError) Unwrap() error { return e.err }
