package dev.tokenrenew.ktx

import dev.tokenrenew.mobile.Config
import dev.tokenrenew.mobile.Listener
import dev.tokenrenew.mobile.Renewer
import dev.tokenrenew.mobile.Stats
import dev.tokenrenew.mobile.Token
import dev.tokenrenew.mobile.TokenError
import dev.tokenrenew.mobile.Wait
import java.io.Closeable
import java.util.concurrent.ExecutorService
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.SynchronousQueue
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * TokenRenewer keeps one token fresh: Kotlin over the tokenrenew binding.
 *
 * ```
 * val renewer = TokenRenewer(config)                 // starts; throws TokenRenewException
 * val token = renewer.token()                        // suspends until a token is there
 * for (event in renewer.events) { ... }              // Renewed, WillExpire, Expired, Failed
 * renewer.close()                                    // or renewer.use { ... }
 * ```
 *
 * The constructor starts renewal, from the config's seed or Store when still valid, else with
 * a fetch, and throws a [TokenRenewException] (Config, InsecureURL, WrongIdentity) when the
 * config is not usable. Every method is safe to call from any thread; none blocks the caller:
 * [token] and [refresh] suspend, and a cancelled coroutine ends their wait at once.
 */
class TokenRenewer(config: Config, eventCapacity: Int = DEFAULT_EVENT_CAPACITY) : Closeable, Pausable {
    private val channel = Channel<TokenEvent>(eventCapacity)
    private val renewer: Renewer
    // A thread per waiting call, ended as soon as the call returns: waits are rare (no valid
    // token) and each blocks in the binding until a token, a failure, cancel or close.
    private val waiters: ExecutorService = ThreadPoolExecutor(0, Int.MAX_VALUE, 0, TimeUnit.SECONDS, SynchronousQueue()) { r ->
        Thread(r, "tokenrenew-wait-" + threads.incrementAndGet()).apply { isDaemon = true }
    }

    /**
     * Every event, in order, from the moment the renewer is made: read it from one coroutine
     * (`for (e in renewer.events)`). It holds [eventCapacity] events that nobody has read;
     * further ones are dropped until it is read, since [current] always has the latest token.
     * It is closed by [close].
     */
    val events: ReceiveChannel<TokenEvent> get() = channel

    init {
        renewer = Renewer(config, Events())
        try {
            renewer.start()
        } catch (e: Exception) {
            close()
            throw TokenRenewException.thrown(e, permanent = true)
        }
    }

    /**
     * token returns the current token, with its expiry, issue time and extras. While one is
     * valid it returns at once; otherwise it suspends across the retries of transient failures
     * until one arrives, and throws the [TokenRenewException] of a permanent failure, or
     * [TokenRenewException.Stopped] after [close]. Cancel the coroutine (or use `withTimeout`)
     * to stop waiting; the renewal goes on.
     */
    suspend fun token(): Token = renewer.current() ?: await { renewer.awaitToken(it) }

    /**
     * refresh fetches a new token now (or joins the fetch under way) and returns it. It also
     * ends the wait after a permanent failure: call it after the user signs in again.
     */
    suspend fun refresh(): Token = await { renewer.awaitRefresh(it) }

    /** The token held while it is valid, else null. It never waits and never fetches. */
    val current: Token? get() = renewer.current()

    /**
     * invalidate says the service rejected [rejected] ("" for the current token: Agora's
     * onRequestToken, a 401 from the media server): a new one is fetched at once.
     */
    fun invalidate(rejected: String = "") = renewer.invalidate(rejected)

    /** pause: the app went to the background (onStop); no retry and no timer until [resume]. */
    override fun pause() = renewer.pause()

    /** resume: the app is back or online; a missed renewal runs now, a permanent wait ends. */
    override fun resume() = renewer.resume()

    /** Counters and the current state. */
    fun stats(): Stats = renewer.stats()

    /**
     * close stops renewal and returns at once: waiting [token] calls throw
     * [TokenRenewException.Stopped], [events] is closed, and the Listener is let go. Later
     * calls do nothing.
     */
    override fun close() {
        renewer.stop()
        channel.close()
        waiters.shutdown()
    }

    override fun toString(): String = renewer.toString()

    /** await runs call on a waiter thread and suspends until it returns or is cancelled. */
    private suspend fun await(call: (Wait) -> Token): Token {
        val wait = Wait(0)
        return suspendCancellableCoroutine { cont ->
            cont.invokeOnCancellation { wait.cancel() }
            val run = Runnable {
                try {
                    cont.resume(call(wait))
                } catch (e: Exception) {
                    // Cancelled: nobody waits, and a failure given to a cancelled continuation
                    // would reach the thread's uncaught-exception handler.
                    if (cont.isCancelled) return@Runnable
                    val failure = wait.failure()
                    cont.resumeWithException(if (failure != null) TokenRenewException.of(failure) else TokenRenewException.thrown(e, false))
                }
            }
            try {
                waiters.execute(run)
            } catch (e: RejectedExecutionException) { // closed: the binding answers Stopped at once
                run.run()
            }
        }
    }

    /** Events turns the binding's Listener calls, on Go threads, into channel events. */
    private inner class Events : Listener {
        private fun send(e: TokenEvent) {
            try {
                channel.offer(e)
            } catch (closed: ClosedSendChannelException) {
            }
        }

        override fun onRenewToken(token: Token) = send(TokenEvent.Renewed(token))
        override fun onTokenWillExpire(token: Token, msLeft: Long) = send(TokenEvent.WillExpire(token, msLeft))
        override fun onTokenExpired(token: Token) = send(TokenEvent.Expired(token))
        override fun onError(err: TokenError) = send(TokenEvent.Failed(TokenRenewException.of(err)))
    }

    companion object {
        /** How many unread events [events] holds by default. */
        const val DEFAULT_EVENT_CAPACITY = 64
        private val threads = AtomicInteger()
    }
}
