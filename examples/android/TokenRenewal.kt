package dev.tokenrenew.example

import dev.tokenrenew.mobile.Config
import dev.tokenrenew.mobile.Listener
import dev.tokenrenew.mobile.Mobile
import dev.tokenrenew.mobile.Renewer
import dev.tokenrenew.mobile.Store
import dev.tokenrenew.mobile.Token
import dev.tokenrenew.mobile.TokenError
import java.util.concurrent.Executor

/**
 * The part of an RTC engine that takes tokens. In an Agora app it joins the channel with the
 * first token and calls RtcEngine.renewToken with every later one (see CallActivity.kt).
 */
interface TokenSink {
    fun useToken(token: String)
}

/** What the app shows the user. Called on the main thread. */
interface TokenUi {
    fun tokenWillExpire(msLeft: Long) {}
    fun tokenExpired() {}
    fun mustSignInAgain() {}
    fun renewalFailing(code: Long, message: String) {}
}

/**
 * TokenRenewal keeps an Agora RTC token fresh for one channel and hands each new token to the
 * engine on the main thread.
 *
 * tokenrenew calls its Listener on a Go thread, never the main thread: every callback below
 * hops to [mainThread] (on Android, a Handler on the main Looper) before touching the engine or
 * the UI. This file has no Android dependency, so the same code runs in the JVM demo
 * (jvm/Demo.kt) that `make test-mobile` compiles and runs.
 */
class TokenRenewal(
    tokenServer: String,
    channel: String,
    uid: String,
    private val engine: TokenSink,
    private val mainThread: Executor,
    private val ui: TokenUi,
    store: Store? = null
) : Listener {
    private val renewer: Renewer

    init {
        val config = Config()
        config.setURL("$tokenServer/getToken") // the Agora community token service
        config.setProfile("agora")
        config.setChannel(channel)
        config.setUID(uid)
        config.setRole("publisher")
        if (store != null) config.setStore(store) // a valid stored token needs no round trip
        renewer = Renewer(config, this)
    }

    /**
     * Starts renewal; throws if the configuration is unusable. The first token arrives in
     * [TokenSink.useToken], on the main thread.
     */
    fun start() = renewer.start()

    /** Call from onStop when the app goes to the background: no retry, no timer until [resume]. */
    fun pause() = renewer.pause()

    /** Call from Activity.onResume and when the network comes back: a missed renewal runs now. */
    fun resume() = renewer.resume()

    /** Stops renewal; call from onDestroy. */
    fun stop() = renewer.stop()

    // Agora's IRtcEngineEventHandler callbacks forward to these two.

    /** onTokenPrivilegeWillExpire: tokenrenew renews ahead of this; make it check now. */
    fun onTokenPrivilegeWillExpire() = renewer.resume()

    /** onRequestToken (or error 109/110): the engine rejected the token; fetch a new one. */
    fun onRequestToken() = renewer.invalidate("") // "": the current token; or the one the SDK rejected

    // Listener: called on a Go thread, one call at a time. Hop to the main thread.

    override fun onRenewToken(token: Token) {
        val value = token.value
        mainThread.execute { engine.useToken(value) }
    }

    override fun onTokenWillExpire(token: Token, msLeft: Long) {
        mainThread.execute { ui.tokenWillExpire(msLeft) }
    }

    override fun onTokenExpired(token: Token) {
        mainThread.execute { ui.tokenExpired() }
    }

    override fun onError(err: TokenError) {
        val code = err.code
        val message = err.message
        mainThread.execute {
            when (code) {
                Mobile.ErrorCodeUnauthorized, Mobile.ErrorCodeForbidden -> ui.mustSignInAgain()
                else -> ui.renewalFailing(code, message) // retried with backoff unless permanent
            }
        }
    }
}
