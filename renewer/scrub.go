package renewer

import "github.com/tokenrenew/tokenrenew/internal/scrub"

// A scrubber removes known secrets from text a server supplied (an error
// body, a transport error quoting the server) before it reaches an error,
// a log or an event (see scrub.Set), and makes the scrubbed copy of an
// error that the renewer keeps (see redact). The zero scrubber removes
// nothing.
type scrubber struct{ scrub.Set }

// newScrubber returns a scrubber for secrets (see scrub.Set.Add).
func newScrubber(secrets []string) scrubber { return scrubber{scrub.New(secrets)} }

// with returns a copy of s that also scrubs tok's value and Secret extras.
func (s scrubber) with(tok Token) scrubber {
	if tok.Value == "" {
		return s
	}
	c := scrubber{s.Copy()}
	c.addToken(tok)
	return c
}

// err returns the redactedError that stands for err (see redact): its
// text and its StatusError's Message with s's secrets replaced, and no
// original value at any depth of its chain.
func (s scrubber) err(err error) error { return s.redact(err) }

// maxMessageLen bounds StatusError.Message.
const maxMessageLen = 200

// Redact returns an error that stands for err with no secret at any depth
// of its chain: its text is err's with each secret the renewer knows
// replaced with "[REDACTED]", and its chain (errors.Unwrap, errors.Is,
// errors.As) holds none of err's own values, only copies of what Code,
// IsPermanent and errors.Is need: the conditions err matched (the
// renewer's Err values, context.Canceled and DeadlineExceeded, io.EOF and
// io.ErrUnexpectedEOF, the fs conditions, errors.ErrUnsupported,
// http.ErrSchemeMismatch), a copy of its *StatusError whose Message is
// scrubbed, a copy of its *tls.CertificateVerificationError, whether it
// was Permanent and whether it was a timeout. errors.Is with any other
// target (an app's own sentinel) asks err, guarded, on the caller's
// goroutine; errors.As finds no other type of err's: an app that needs
// its own error value back keeps it itself.
//
// The secrets are the Source's (see SecretHolder: for the HTTP source,
// the configured header values and the URL's query values and password),
// and the value and Secret extras of the current token and
// of toks (the token a callback was given, say). A nil Renewer knows only
// toks. If the Source's Secrets panics, the text is withheld whole.
//
// Redact reads err once, guarded: a method of err (Error, Is, As, Unwrap)
// that panics is taken to say nothing, and an Error that panics (a nil *T
// whose Error reads its receiver) reads as the name of err's type. The
// renewer passes through it every error a fetch ends with (what a Source
// returns or panics with, what a token server or the transport says) and
// every error or panic of a Store, before it records, logs, emits or
// returns them; the faces do the same with what the app's own callbacks
// throw. It is safe to call from any goroutine, callbacks included, and
// takes no lock.
func (r *Renewer) Redact(err error, toks ...Token) error {
	if err == nil {
		return nil
	}
	var s scrubber
	if r != nil {
		s = r.sourceScrubber()
		if c := r.cur.Load(); c != nil {
			s.addToken(c.tok)
		}
	}
	for _, t := range toks {
		s.addToken(t)
	}
	return s.err(err)
}

// sourceScrubber returns a scrubber of the Source's secrets (see
// SecretHolder), or, if its Secrets panics, one that withholds all.
func (r *Renewer) sourceScrubber() (s scrubber) {
	h, ok := r.src.(SecretHolder)
	if !ok {
		return scrubber{}
	}
	defer func() {
		if recover() != nil {
			s = scrubber{scrub.All()}
		}
	}()
	return newScrubber(h.Secrets())
}

// addToken makes tok's value and its Secret extras secrets.
func (s *scrubber) addToken(tok Token) {
	s.Add(tok.Value)
	for _, v := range tok.Extra {
		if sec, ok := v.(Secret); ok {
			s.Add(string(sec))
		}
	}
}
