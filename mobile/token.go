package mobile

import (
	"encoding/json"
	"fmt"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// A Token is a token and everything known of it: the same model as the Go
// renewer.Token and the browser's current(). Value and SecretsJSON are
// secrets; String, every fmt verb, JSON and text encoding leave them out.
type Token struct {
	// Value is the token itself.
	Value string
	// ExpiresAtMs is when it expires, in Unix milliseconds.
	ExpiresAtMs int64
	// IssuedAtMs is when it was issued (or received), in Unix milliseconds.
	IssuedAtMs int64
	// ExpirySource says where the expiry came from: "response", "token",
	// "profile" or "fallback".
	ExpirySource string
	// ExtraJSON holds the other fields the profile returned, as a JSON
	// object (Room Service's user and resources), or "".
	ExtraJSON string
	// SecretsJSON holds the secret fields the profile returned (the RTM
	// token of an Agora "rte" answer), as a JSON object of strings, or "".
	SecretsJSON string
}

// NewToken returns a token with its expiry and issue time in Unix
// milliseconds (0 when unknown), for Config.SetSeed; in Kotlin and Swift it
// is Token's constructor.
func NewToken(value string, expiresAtMs, issuedAtMs int64) *Token {
	return &Token{Value: value, ExpiresAtMs: expiresAtMs, IssuedAtMs: issuedAtMs}
}

// token converts t to a renewer.Token, extras and secrets included.
func (t *Token) token() renewer.Token {
	if t == nil {
		return renewer.Token{}
	}
	st := StoredToken{Value: t.Value, ExpiresAtMs: t.ExpiresAtMs, IssuedAtMs: t.IssuedAtMs, ExtraJSON: t.ExtraJSON, SecretsJSON: t.SecretsJSON}
	tok := st.token()
	tok.ExpirySource = expirySource(t.ExpirySource)
	return tok
}

// expirySource returns the renewer.ExpirySource whose name is name, or
// ExpiryUnknown.
func expirySource(name string) renewer.ExpirySource {
	var s renewer.ExpirySource
	if s.UnmarshalText([]byte(name)) != nil {
		return renewer.ExpiryUnknown
	}
	return s
}

// newToken converts tok; a token with no value is nil.
func newToken(tok renewer.Token) *Token {
	if tok.Value == "" {
		return nil
	}
	st := storedToken("", tok)
	return &Token{Value: tok.Value, ExpiresAtMs: st.ExpiresAtMs, IssuedAtMs: st.IssuedAtMs,
		ExpirySource: tok.ExpirySource.String(), ExtraJSON: st.ExtraJSON, SecretsJSON: st.SecretsJSON}
}

// Secret returns the secret extra named name (Agora "rte": "rtmToken"),
// or "" when there is none.
func (t *Token) Secret(name string) string {
	var secrets map[string]string
	if t == nil || json.Unmarshal([]byte(t.SecretsJSON), &secrets) != nil {
		return ""
	}
	return secrets[name]
}

// String describes the token without its value or secrets.
func (t Token) String() string { return t.token().String() }

// GoString is String, so that %#v prints no secret either.
func (t Token) GoString() string { return "mobile." + t.String() }

// Format implements fmt.Formatter: every verb prints String. (Go only:
// the Java and Swift bindings have String.)
func (t Token) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(t.String())) }

// Current returns the token the renewer holds while it is valid, with its
// expiry, issue time and every field the profile returned; nil when there
// is no valid token. It never waits and never fetches.
func (r *Renewer) Current() *Token {
	if r.r == nil {
		return nil
	}
	tok, ok := r.r.Current()
	if !ok {
		return nil
	}
	return newToken(tok)
}
