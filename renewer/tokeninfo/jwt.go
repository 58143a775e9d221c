package tokeninfo

import (
	"encoding/base64"
	"math"
	"strings"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/jsonlite"
)

// maxNumericDate is the latest JWT time accepted: the end of year 9999.
const maxNumericDate = 253402300799

// splitJWT reports whether value is three dot-separated parts whose first
// decodes, as base64url with or without padding, to a JSON object; it
// returns that header and the payload part.
func splitJWT(value string) (header map[string]any, payload string, ok bool) {
	h, rest, ok := strings.Cut(value, ".")
	if !ok {
		return nil, "", false
	}
	payload, sig, ok := strings.Cut(rest, ".")
	if !ok || strings.Contains(sig, ".") {
		return nil, "", false
	}
	hb, err := decodeBase64(h, base64.RawURLEncoding)
	if err != nil {
		return nil, "", false
	}
	header, err = jsonlite.DecodeObject(hb)
	if err != nil {
		return nil, "", false
	}
	return header, payload, true
}

// inspectJWT decodes a JWT's payload and reads its "exp" and "iat" claims.
// The signature is neither checked nor kept.
func inspectJWT(value string, header map[string]any, payload string) (Info, error) {
	if tooLong(value) {
		return Info{}, malformed("jwt", "too long")
	}
	pb, err := decodeBase64(payload, base64.RawURLEncoding)
	if err != nil {
		return Info{}, malformed("jwt", "payload is not base64url")
	}
	claims, err := jsonlite.DecodeObject(pb)
	if err != nil {
		return Info{}, malformed("jwt", "payload is not a JSON object")
	}
	info := Info{Format: FormatJWT, Header: header, Claims: claims}
	if info.ExpiresAt, err = numericDate(claims, "exp"); err != nil {
		return Info{}, err
	}
	if info.IssuedAt, err = numericDate(claims, "iat"); err != nil {
		return Info{}, err
	}
	return info, nil
}

// numericDate reads claim name as a JWT NumericDate: seconds since the
// epoch, possibly fractional, between 0 and the end of year 9999. It returns
// the zero time when the claim is absent or null.
func numericDate(claims map[string]any, name string) (time.Time, error) {
	v, ok := claims[name]
	if !ok || v == nil {
		return time.Time{}, nil
	}
	n, ok := v.(jsonlite.Number)
	if !ok {
		return time.Time{}, malformed("jwt", name+" is not a number")
	}
	if i, err := n.Int64(); err == nil && i >= 0 && i <= maxNumericDate {
		return time.Unix(i, 0), nil
	}
	f, err := n.Float64()
	if err != nil || f < 0 || f > maxNumericDate {
		return time.Time{}, malformed("jwt", name+" is out of range")
	}
	sec := math.Floor(f)
	return time.Unix(int64(sec), int64((f-sec)*1e9)), nil
}
