package renewer

import "time"

// Format names a token format.
type Format string

// Token formats Inspect recognises.
const (
	FormatOpaque   Format = "opaque"
	FormatJWT      Format = "jwt"
	FormatAgora006 Format = "agora-006"
	FormatAgora007 Format = "agora-007"
)

// Info is what can be read from a token without any secret.
type Info struct {
	Format    Format
	IssuedAt  time.Time // zero when unknown; by the issuer's clock
	ExpiresAt time.Time // zero when unknown; by the issuer's clock
}

// Inspect reads the format, issue time and expiry of a token without
// verifying it. An unrecognised token is FormatOpaque with a nil error.
func Inspect(value string) (Info, error) {
	return Info{Format: FormatOpaque}, nil
}
