package dev.tokenrenew.ktx

import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * EventHub hands each event to every collector of [flow], each through a buffer of its own:
 * renewals are never dropped, and of the other events a collector keeps the latest
 * [TokenRenewer.EVENT_BUFFER] unread ones. [publish] never blocks (the binding's Listener thread
 * calls it); after [close] it takes nothing, and no collector is handed an event.
 *
 * One lock guards the subscribers, each buffer and the closed flag, so that an event is either
 * in every buffer or in none, and nothing is delivered once close has returned.
 */
internal class EventHub(private val others: Int = TokenRenewer.EVENT_BUFFER) {
    private val lock = Any()
    private val subscribers = LinkedHashSet<Subscriber>() // guarded by lock
    private var closed = false // guarded by lock

    /** Subscriber is one collection: its buffer, and a wake-up for its coroutine. */
    private class Subscriber {
        val queue = ArrayDeque<TokenEvent>() // guarded by the hub's lock
        var othersQueued = 0 // events in queue that are not Renewed; guarded by the hub's lock
        val wake = Channel<Unit>(Channel.CONFLATED)
    }

    /** collectors is how many collections are subscribed. */
    val collectors: Int get() = synchronized(lock) { subscribers.size }

    /**
     * publish queues e for every collector and runs also under the same lock; it returns false,
     * running nothing, after close.
     */
    fun publish(e: TokenEvent, also: () -> Unit = {}): Boolean {
        synchronized(lock) {
            if (closed) return false
            for (s in subscribers) {
                if (e !is TokenEvent.Renewed) {
                    if (s.othersQueued == others) {
                        val it = s.queue.iterator()
                        while (it.hasNext()) {
                            if (it.next() !is TokenEvent.Renewed) {
                                it.remove()
                                break
                            }
                        }
                        s.othersQueued--
                    }
                    s.othersQueued++
                }
                s.queue.addLast(e)
                s.wake.trySend(Unit)
            }
            also()
            return true
        }
    }

    /** close ends every collection, drops what they have not read, and runs also. */
    fun close(also: () -> Unit = {}) {
        synchronized(lock) {
            if (!closed) {
                closed = true
                for (s in subscribers) {
                    s.queue.clear()
                    s.wake.close()
                }
                subscribers.clear()
            }
            also()
        }
    }

    /** flow is a cold flow whose every collection subscribes until close or cancellation. */
    fun flow(): Flow<TokenEvent> = flow {
        val s = Subscriber()
        synchronized(lock) {
            if (closed) return@flow
            subscribers.add(s)
        }
        try {
            while (s.wake.receiveCatching().isSuccess) {
                while (true) {
                    val e = synchronized(lock) {
                        if (closed) null else s.queue.removeFirstOrNull()?.also { if (it !is TokenEvent.Renewed) s.othersQueued-- }
                    } ?: break
                    emit(e)
                }
            }
        } finally {
            synchronized(lock) { subscribers.remove(s) }
        }
    }
}
