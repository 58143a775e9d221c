package mobile

import (
	"sync/atomic"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// A redactor removes the secrets a renewer knows from text the app
// supplies (what its Listener or Store throws, a panic value) before that
// text reaches OnError or a returned error, with renewer.Renewer.Redact.
// It is made before the renewer, for the adapters the renewer is
// configured with, and given the renewer once New has made it; until then,
// and when nil, it knows only the tokens it is given.
type redactor struct {
	r atomic.Pointer[renewer.Renewer]
}

// redact returns err with the renewer's secrets and those of toks
// removed from its text.
func (d *redactor) redact(err error, toks ...renewer.Token) error {
	var r *renewer.Renewer
	if d != nil {
		r = d.r.Load()
	}
	return r.Redact(err, toks...)
}

// with returns redact bound to toks, for callApp.
func (d *redactor) with(toks ...renewer.Token) func(error) error {
	return func(err error) error { return d.redact(err, toks...) }
}

// Token and StoredToken redact themselves in every form Go marshals them
// to, as renewer.Token does: String, GoString and Format (token.go,
// store.go) and the encoders below print neither Value nor SecretsJSON.
// (Go only: the Java and Swift bindings have String; these methods bind
// too, as they take and return only bindable types.)

// MarshalJSON encodes the token without its value or secrets, as
// renewer.Token's MarshalJSON does, so that a Token marshalled into a log
// line or an API response leaks nothing.
func (t Token) MarshalJSON() ([]byte, error) { return t.token().MarshalJSON() }

// MarshalText encodes String, for text encoders (XML, slog's text
// handler, YAML).
func (t Token) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// MarshalJSON encodes the token without its value or secrets. To keep a
// StoredToken, keep its fields one by one in secure storage.
func (t StoredToken) MarshalJSON() ([]byte, error) { return t.token().MarshalJSON() }

// MarshalText encodes String, for text encoders.
func (t StoredToken) MarshalText() ([]byte, error) { return []byte(t.String()), nil }
