package renewer

import "time"

type eventKind uint8

const (
	evWillExpire eventKind = iota
	evRenew
	evExpired
	evError
	evFetch
)

// event is one Listener or OnFetch call waiting to be made.
type event struct {
	kind eventKind
	tok  Token
	left time.Duration
	err  error
	info FetchInfo
}

// emit queues ev and makes sure a goroutine delivers the queue. r.mu is
// held and the renewer is running.
func (r *Renewer) emit(ev event) {
	if ev.kind == evFetch {
		if r.opts.onFetch == nil {
			return
		}
	} else if r.opts.listener == nil {
		return
	}
	r.queue = append(r.queue, ev)
	if !r.delivering {
		r.delivering = true
		r.live++
		go r.deliver()
	}
}

// deliver makes the queued calls one at a time, in order, outside every
// lock, and ends when the queue is empty or the renewer stopped: Stop
// empties the queue, so no call begins after it.
func (r *Renewer) deliver() {
	for {
		r.mu.Lock()
		if len(r.queue) == 0 || r.state == stopped {
			r.delivering = false
			r.queue = nil
			r.live--
			r.quiesce()
			r.mu.Unlock()
			return
		}
		ev := r.queue[0]
		r.queue[0] = event{}
		r.queue = r.queue[1:]
		r.mu.Unlock()
		r.dispatch(ev)
	}
}

// dispatch makes the call ev describes.
func (r *Renewer) dispatch(ev event) {
	l := r.opts.listener
	switch ev.kind {
	case evWillExpire:
		l.TokenWillExpire(ev.tok, ev.left)
	case evRenew:
		l.RenewToken(ev.tok)
	case evExpired:
		l.TokenExpired(ev.tok)
	case evError:
		l.Error(ev.err)
	case evFetch:
		r.opts.onFetch(ev.info)
	}
}
