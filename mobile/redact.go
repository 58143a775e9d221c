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
