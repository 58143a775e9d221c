package renewer

import "time"

type eventKind uint8

const (
	evWillExpire eventKind = iota
	evRenew
	evExpired
	evError
	evFetch
	evLog
)

// event is one Listener, OnFetch or Logger call waiting to be made.
type event struct {
	kind eventKind
	tok  Token
	left time.Duration
	err  error
	info FetchInfo
	msg  string // evLog
	args []any  // evLog
}

// emit queues ev, unless nothing listens for it or the renewer is not
// running, and makes sure a goroutine delivers the queue. r.mu is held.
func (r *Renewer) emit(ev event) {
	switch {
	case ev.kind == evFetch && r.opts.onFetch == nil,
		ev.kind == evLog && r.opts.logger == nil,
		ev.kind <= evError && r.opts.listener == nil,
		!r.active():
		return
	}
	if r.queue == nil {
		r.queue = &eventQueue{}
		r.live++
		go r.deliver(r.queue)
	}
	r.queue.events = append(r.queue.events, ev)
}

// eventQueue holds the Listener, OnFetch and Logger calls not yet made. It
// exists only while a goroutine delivers them, so that an idle renewer
// holds none; its events are guarded by Renewer.mu.
type eventQueue struct {
	events []event
}

// log queues a Logger call: Logger calls are delivered as Listener calls
// are, so that none is made inside a fetch (a Logger that waits for a
// token would wait for itself) and none after Stop. r.mu is held.
func (r *Renewer) log(msg string, args ...any) {
	r.emit(event{kind: evLog, msg: msg, args: args})
}

// queuedLogger is the Logger New gives the default HTTP transport in place
// of Config.Logger: the transport's lines join the event queue, as the
// renewer's own do. The transport calls it with no lock held.
type queuedLogger struct{ r *Renewer }

func (q queuedLogger) Debug(msg string, args ...any) {
	q.r.mu.Lock()
	defer q.r.mu.Unlock()
	q.r.log(msg, args...)
}

// deliver makes the queued calls one at a time, in order, outside every
// lock, and ends when the queue is empty or the renewer stopped: Stop
// empties the queue, and each call begins only after active said the
// renewer runs, so no call begins after Stop returns.
func (r *Renewer) deliver(q *eventQueue) {
	for {
		r.mu.Lock()
		if len(q.events) == 0 || !r.active() {
			r.queue = nil
			r.live--
			r.quiesce()
			r.mu.Unlock()
			return
		}
		ev := q.events[0]
		q.events[0] = event{}
		q.events = q.events[1:]
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
	case evLog:
		r.opts.logger.Debug(ev.msg, ev.args...)
	}
}
