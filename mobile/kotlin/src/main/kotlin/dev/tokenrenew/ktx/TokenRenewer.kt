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
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * TokenRenewer keeps one token fresh: Kotlin over the tokenrenew binding.
 *
 * ```
 * class App : Application() {
 *     lateinit var renewer: TokenRenewer
 *     override fun onCreate() {                       // the main thread
 *         super.onCreate()
 *         renewer = TokenRenewer(config.apply { setStore(KeystoreStore(this@App)) })
 *         val lifecycle = ForegroundResume(this, renewer)
 *         NetworkResume(this, renewer) { lifecycle.inForeground }
 *     }
 * }
 *
 * val token = renewer.token()                         // suspends until a token is there
 * renewer.token.filterNotNull().collect { engine.renewToken(it.value) } // every new token
 * renewer.events.collect { e -> ... }                 // Renewed, WillExpire, Expired, Failed
 * renewer.close()                                     // or renewer.use { ... }
 * ```
 *
 * The constructor starts renewal, from the config's seed or Store when still valid, else with
 * a fetch, and throws a [TokenRenewException] (Config, InsecureURL, WrongIdentity) when the
 * config is not usable. It does not block: the Store is read on a thread of the binding, so
 * it may be made on the main thread with a Keystore-backed Store.
 *
 * Threads: every method and property is safe to use from any thread, and none blocks the
 * caller: [token] and [refresh] suspend, and cancelling the coroutine ends their wait at once
 * (the renewal goes on). [token] (the StateFlow) and [events] are fed from the binding's
 * threads, but each collector runs in its own coroutine's context: collect on
 * `Dispatchers.Main` (`lifecycleScope`) to touch views or the SDK.
 */
class TokenRenewer(config: Config) : Closeable, Pausable {
    private val renewer: Renewer
    private val hub = EventHub()
    private val state = MutableStateFlow<Token?>(null)

    // A thread per waiting call, ended as soon as the call returns: waits are rare (no valid
    // token) and each blocks in the binding until a token, a failure, cancel or close.
    private val waiters: ExecutorService = ThreadPoolExecutor(0, Int.MAX_VALUE, 0, TimeUnit.SECONDS, SynchronousQueue()) { r ->
        Thread(r, "tokenrenew-wait-" + threads.incrementAndGet()).apply { isDaemon = true }
    }

    /**
     * The token held while it is valid, else null: set by every renewal, null once the token
     * expired with no replacement and after [close]. It never waits and never fetches; its
     * collectors see every renewal they are fast enough for (a StateFlow keeps only the latest),
     * which is what an SDK's renewToken needs.
     */
    val token: StateFlow<Token?> = state.asStateFlow()

    /**
     * Everything that happens to the token, from the moment a collector starts collecting
     * (a hot flow: the token held then is [token]'s value). Any number of collectors may
     * collect at once; each has its own buffer and none slows the renewer or another.
     *
     * Buffer policy: a [TokenEvent.Renewed] is never dropped. Of the other events
     * ([TokenEvent.WillExpire], [TokenEvent.Expired], [TokenEvent.Failed]) a collector that
     * falls behind keeps the latest [EVENT_BUFFER] unread ones and loses older ones; their
     * order among themselves and with the renewals is kept.
     *
     * [close] completes every collection: events not yet delivered then are dropped, and
     * none is delivered after [close] returns.
     */
    val events: Flow<TokenEvent> = hub.flow()

    /** How many collections of [events] are subscribed (for tests). */
    internal val collectors: Int get() = hub.collectors

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
     * Cancelling the coroutine ends the wait; the fetch goes on.
     */
    suspend fun refresh(): Token = await { renewer.awaitRefresh(it) }

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
     * close stops renewal and returns at once: waiting [token] and [refresh] calls throw
     * [TokenRenewException.Stopped], every collection of [events] completes, [token] becomes
     * null, and nothing is delivered to a collector after it returns. The Listener is let go.
     * Later calls do nothing.
     */
    override fun close() {
        hub.close { state.value = null }
        renewer.stop()
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

    /**
     * Events turns the binding's Listener calls, one at a time on Go threads, into [token]
     * and [events]. After [close] the hub takes nothing, and the StateFlow stays null.
     */
    private inner class Events : Listener {
        override fun onRenewToken(token: Token) {
            hub.publish(TokenEvent.Renewed(token)) { state.value = token }
        }

        override fun onTokenWillExpire(token: Token, msLeft: Long) {
            hub.publish(TokenEvent.WillExpire(token, msLeft))
        }

        override fun onTokenExpired(token: Token) {
            hub.publish(TokenEvent.Expired(token)) {
                if (state.value?.value == token.value) state.value = null
            }
        }

        override fun onError(err: TokenError) {
            hub.publish(TokenEvent.Failed(TokenRenewException.of(err)))
        }
    }

    companion object {
        /** How many unread events other than renewals a collector of [events] keeps. */
        const val EVENT_BUFFER = 64
        private val threads = AtomicInteger()
    }
}
