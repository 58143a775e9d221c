package renewer

import (
	"fmt"
	"strconv"
	"time"

	"github.com/tokenrenew/tokenrenew/internal/errtext"
	"github.com/tokenrenew/tokenrenew/renewer/tokeninfo"
)

// MaxTokenLen is the largest token value accepted, in bytes.
const MaxTokenLen = tokeninfo.MaxTokenLen

// ExpirySource says where a token's expiry time came from.
type ExpirySource uint8

// Where an expiry can come from. The response and the token are both read
// and the earliest expiry they say wins; the profile's default and then
// the fallback stand in when neither says one.
const (
	ExpiryUnknown  ExpirySource = iota // no expiry known yet
	ExpiryResponse                     // a field of the token server's response
	ExpiryToken                        // decoded from the token itself (JWT, Agora)
	ExpiryProfile                      // the profile's documented default lifetime
	ExpiryFallback                     // Config.FallbackTTL
)

var expirySourceNames = [...]string{"unknown", "response", "token", "profile", "fallback"}

// String returns a short lower-case name, such as "response" or "token".
func (s ExpirySource) String() string {
	if int(s) < len(expirySourceNames) {
		return expirySourceNames[s]
	}
	return "ExpirySource(" + strconv.Itoa(int(s)) + ")"
}

// UnmarshalText sets s from its String name ("response", "token", ...),
// so that a face or a store that keeps the name gets the source back.
func (s *ExpirySource) UnmarshalText(b []byte) error {
	for i, name := range expirySourceNames {
		if name == string(b) {
			*s = ExpirySource(i)
			return nil
		}
	}
	return errtext.Wrap(ErrInvalidToken, "unknown expiry source "+strconv.Quote(string(b)))
}

// A Token is an access token and what is known of its lifetime.
//
// Token formats itself redacted with every fmt verb and in slog output: the
// value is never printed. Read Value explicitly to use it.
type Token struct {
	// Value is the token itself: a secret.
	Value string
	// ExpiresAt is when the token stops being valid, by the local wall
	// clock. The zero time means unknown; a Renewer fills it in.
	ExpiresAt time.Time
	// IssuedAt is when the token was issued, by the local wall clock, or
	// when it was received if the issue time is unknown.
	IssuedAt time.Time
	// ExpirySource says where ExpiresAt came from.
	ExpirySource ExpirySource
	// Extra holds the other fields a profile keeps from the response, such
	// as Room Service's "user" (a string) and "resources" (a []any of
	// decoded JSON objects). A value that is itself a credential (Agora's
	// "rtmToken") is a Secret: it prints redacted and is scrubbed from
	// errors like Value; convert it with string(v) only to hand it to the
	// SDK that needs it. Extra must not be modified once the token is
	// handed out.
	Extra map[string]any
}

// ValidAt reports whether t has a value and has not expired at now.
func (t Token) ValidAt(now time.Time) bool {
	return t.Value != "" && !t.ExpiresAt.IsZero() && now.Before(t.ExpiresAt)
}

// Lifetime returns ExpiresAt - IssuedAt, or zero when either is unknown.
func (t Token) Lifetime() time.Duration {
	if t.ExpiresAt.IsZero() || t.IssuedAt.IsZero() {
		return 0
	}
	return t.ExpiresAt.Sub(t.IssuedAt)
}

// String describes the token without its value, for example
// "Token(redacted, 412 bytes, expires 2026-11-23T10:00:00Z from token)".
func (t Token) String() string {
	b := make([]byte, 0, 96)
	b = append(b, "Token(redacted, "...)
	b = strconv.AppendInt(b, int64(len(t.Value)), 10)
	b = append(b, " bytes"...)
	if !t.ExpiresAt.IsZero() {
		b = append(b, ", expires "...)
		b = t.ExpiresAt.UTC().AppendFormat(b, time.RFC3339)
		b = append(b, " from "...)
		b = append(b, t.ExpirySource.String()...)
	}
	b = append(b, ')')
	return string(b)
}

// GoString is like String, so %#v does not print the value either.
func (t Token) GoString() string { return "renewer." + t.String() }

// Format implements fmt.Formatter so that every verb, not only %v and %s,
// prints the redacted form.
func (t Token) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(t.GoString()))
		return
	}
	_, _ = f.Write([]byte(t.String()))
}

// MarshalJSON encodes the token without its value, so that a Token
// marshalled into a log line or an API response leaks nothing. To store a
// token, encode Value explicitly (FileStore does).
func (t Token) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 128)
	b = append(b, `{"value":"REDACTED","len":`...)
	b = strconv.AppendInt(b, int64(len(t.Value)), 10)
	b = append(b, `,"expires_at":"`...)
	b = t.ExpiresAt.UTC().AppendFormat(b, time.RFC3339)
	b = append(b, `","expiry_source":"`...)
	b = append(b, t.ExpirySource.String()...)
	b = append(b, `"}`...)
	return b, nil
}

// MarshalText encodes String, so that text encoders (YAML, XML, logs
// that prefer encoding.TextMarshaler) print no value either.
func (t Token) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// GobEncode refuses to encode a token: gob would write Value. To keep a
// token, encode Value explicitly (FileStore does).
func (t Token) GobEncode() ([]byte, error) { return nil, errNoGob }

// GobDecode refuses, as GobEncode.
func (t *Token) GobDecode([]byte) error { return errNoGob }

var errNoGob = stringError("renewer: a Token is not gob-encoded, so that its value is never written by accident; encode Value explicitly")

// checkValue reports whether v can be a token: not empty, at most
// MaxTokenLen bytes, and only printable ASCII without spaces.
func checkValue(v string) error {
	switch {
	case v == "":
		return ErrNoToken
	case len(v) > MaxTokenLen:
		return errtext.Wrap(ErrInvalidToken, strconv.Itoa(len(v))+" bytes, more than "+strconv.Itoa(MaxTokenLen))
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c <= ' ' || c >= 0x7f {
			return errtext.Wrap(ErrInvalidToken, "byte "+strconv.Itoa(i)+" is not printable ASCII")
		}
	}
	return nil
}
