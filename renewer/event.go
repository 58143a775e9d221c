package renewer

import (
	"time"

	"github.com/tokenrenew/tokenrenew/internal/goid"
)

type eventKind uint8

const (
	evWillExpire eventKind = iota
	evRenew
	evExpired
	evError
)

// event is one Listener call waiting to be made.
type event struct {
	kind eventKind
	tok  Token
	left time.Duration
	err  error
}

// emit queues ev and makes sure a goroutine delivers the queue. r.mu is held.
func (r *Renewer) emit(ev event) {
	if r.opts.listener == nil {
		return
	}
	r.queue = append(r.queue, ev)
	if !r.delivering {
		r.delivering = true
		r.deliverDone = make(chan struct{})
		go r.deliver(r.deliverDone)
	}
}

// deliver calls the Listener for each queued event, one at a time, in
// order, outside every lock, and ends when the queue is empty.
func (r *Renewer) deliver(done chan struct{}) {
	defer close(done)
	r.deliverer.Store(goid.ID())
	defer r.deliverer.Store(0)
	l := r.opts.listener
	for {
		r.mu.Lock()
		if len(r.queue) == 0 || r.state == stopped {
			r.delivering, r.deliverDone = false, nil
			r.queue = nil
			r.mu.Unlock()
			return
		}
		ev := r.queue[0]
		r.queue[0] = event{}
		r.queue = r.queue[1:]
		r.mu.Unlock()
		switch ev.kind {
		case evWillExpire:
			l.TokenWillExpire(ev.tok, ev.left)
		case evRenew:
			l.RenewToken(ev.tok)
		case evExpired:
			l.TokenExpired(ev.tok)
		case evError:
			l.Error(ev.err)
		}
	}
}
