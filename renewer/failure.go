package renewer

import "time"

// A failure is an error a fetch ended with, with what the renewer needs to
// know of it. It is classified once, by classify, before r.mu is taken:
// errors.Is and errors.As run an error's own Is and As methods, which for a
// Source's error are app code and may call any method of the Renewer, so
// they never run with r.mu held. Under r.mu only these plain facts are
// read.
type failure struct {
	err        error
	permanent  bool          // IsPermanent(err)
	retryAfter time.Duration // the Retry-After of a StatusError in err's chain
}

// classify returns err's failure. It runs err's methods: call it with no
// lock held, unless err is one the renewer made itself and wraps no app
// error (ErrNoProgress, ErrShortLifetime).
func classify(err error) *failure {
	return &failure{err: err, permanent: IsPermanent(err), retryAfter: retryAfter(err)}
}
