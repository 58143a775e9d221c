// LayerTest drives the Kotlin layer (mobile/kotlin) through the real binding against a local
// token server, with the Android stubs of mobile/jvmtest/android-stubs standing in for the
// platform: kotlin LayerTestKt http://127.0.0.1:PORT. It exits 0 when every check passes and 1
// at the first that fails.
package dev.tokenrenew.jvmtest

import android.app.Activity
import android.app.Application
import android.net.ConnectivityManager
import android.net.Network
import dev.tokenrenew.ktx.ForegroundResume
import dev.tokenrenew.ktx.NetworkResume
import dev.tokenrenew.ktx.Pausable
import dev.tokenrenew.ktx.TokenEvent
import dev.tokenrenew.ktx.TokenRenewException
import dev.tokenrenew.ktx.TokenRenewer
import dev.tokenrenew.mobile.Config
import java.net.InetAddress
import java.net.ServerSocket
import kotlin.system.exitProcess
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

private const val WAIT_MS = 30_000L // a bound for a hung binding, not a timing assertion

fun main(args: Array<String>) {
    val base = args[0]
    runBlocking {
        tokenAndEvents(base)
        cancellation()
        unauthorized(base)
        constructorThrows()
        close()
    }
    helpers()
    noThreadLeft()
    println("PASS: Kotlin layer (mobile/kotlin) ran through the binding")
}

fun agora(base: String) = Config().apply {
    setURL("$base/getToken")
    setProfile("agora")
    setChannel("ktx")
    setUID("7")
    setWarnBeforeMs(-1)
}

/** silent is a loopback server that accepts connections and never answers. */
val silent = ServerSocket(0, 50, InetAddress.getLoopbackAddress())

fun silentConfig() = Config().apply {
    setURL("http://127.0.0.1:${silent.localPort}/token")
    setProfile("text")
}

suspend fun tokenAndEvents(base: String) {
    TokenRenewer(agora(base)).use { r ->
        val first = withTimeout(WAIT_MS) { r.token() }
        check(first.value.startsWith("007") && first.issuedAtMs in 1 until first.expiresAtMs, "token() returns an Agora token with its issue time")
        pass("suspend token() returned the first token (007…, issuedAtMs=${first.issuedAtMs}, expirySource=${first.expirySource})")
        val seen = mutableListOf<String>()
        while (seen.size < 3) {
            val e = withTimeout(WAIT_MS) { r.events.receive() }
            check(!e.toString().contains(first.value), "an event's toString shows no token")
            if (e is TokenEvent.Renewed) seen.add(e.token.value)
        }
        check(seen[0] == first.value && seen.toSet().size == 3, "events: the first token, then two renewals")
        pass("events delivered Renewed × 3 (3-second tokens renewed), e.g. ${TokenEvent.Renewed(r.current!!)}")
        val fresh = withTimeout(WAIT_MS) { r.refresh() }
        check(fresh.value !in seen, "refresh() brings a new token")
        pass("suspend refresh() brought a new token")
    }
}

suspend fun cancellation() {
    TokenRenewer(silentConfig()).use { r ->
        try {
            withTimeout(300) { r.token() }
            fail("token() from a silent server returned")
        } catch (e: TimeoutCancellationException) {
        }
        waitFor("the binding's wait ended when the coroutine was cancelled") { waitThreads() == 0 }
        pass("withTimeout(300) { token() } cancelled the coroutine and the wait inside the binding")
    }
}

suspend fun unauthorized(base: String) {
    val cfg = Config().apply {
        setURL("$base/auth")
        setProfile("roomservice")
        setRoom("lobby")
        addHeader("X-Demo-Deny", "1")
    }
    TokenRenewer(cfg).use { r ->
        try {
            withTimeout(WAIT_MS) { r.token() }
            fail("token() after a 401 returned")
        } catch (e: TokenRenewException.Unauthorized) {
            check(e.permanent && e.code == dev.tokenrenew.mobile.Mobile.ErrorCodeUnauthorized, "a permanent Unauthorized")
            pass("token() after a 401 threw TokenRenewException.Unauthorized(permanent=${e.permanent})")
        }
        val e = withTimeout(WAIT_MS) { r.events.receive() }
        val what = when (e) {
            is TokenEvent.Failed -> when (e.error) {
                is TokenRenewException.Unauthorized -> "sign in again"
                else -> "other error ${e.error}"
            }
            is TokenEvent.Renewed, is TokenEvent.WillExpire, is TokenEvent.Expired -> "token event"
        }
        check(what == "sign in again", "the 401 reached events as Failed(Unauthorized): $e")
        pass("events delivered $e")
    }
}

fun constructorThrows() {
    try {
        TokenRenewer(agora("http://tokens.example.com"))
        fail("a plain-http remote URL was accepted")
    } catch (e: TokenRenewException.InsecureURL) {
        check(e.permanent, "InsecureURL is permanent")
        pass("TokenRenewer(config) threw TokenRenewException.InsecureURL for plain http to a remote host")
    }
}

suspend fun close() {
    val r = TokenRenewer(silentConfig())
    val waiting = kotlinx.coroutines.GlobalScope.async { runCatching { r.token() } }
    r.close()
    val outcome = withTimeout(WAIT_MS) { waiting.await() }
    check(outcome.exceptionOrNull() is TokenRenewException.Stopped, "a token() waiting across close() throws Stopped: $outcome")
    var drained = 0
    while (withTimeout(WAIT_MS) { r.events.receiveOrNull() } != null) drained++
    try {
        r.token()
        fail("token() after close() returned")
    } catch (e: TokenRenewException.Stopped) {
    }
    r.close()
    pass("close(): a waiting token() threw Stopped, events closed after $drained events, close() again did nothing")
}

/** Recorder is a Pausable that records its calls. */
class Recorder : Pausable {
    val calls = mutableListOf<String>()
    override fun pause() {
        calls.add("pause")
    }

    override fun resume() {
        calls.add("resume")
    }
}

fun helpers() {
    val rec = Recorder()
    val app = Application()
    val lifecycle = ForegroundResume(app, rec)
    check(app.stubCallbacks == listOf(lifecycle), "ForegroundResume registers its callbacks")
    val each = { f: (Application.ActivityLifecycleCallbacks) -> Unit -> app.stubCallbacks.toList().forEach(f) }
    val a = Activity()
    val b = Activity()
    each { it.onActivityCreated(a, null); it.onActivityStarted(a); it.onActivityResumed(a) }
    each { it.onActivityPaused(a); it.onActivityStarted(b); it.onActivityStopped(a) } // a opens b
    check(rec.calls == listOf("resume") && lifecycle.inForeground, "one resume while activities hand over: ${rec.calls}")
    each { it.onActivityPaused(b); it.onActivityStopped(b) } // home button
    check(rec.calls == listOf("resume", "pause") && !lifecycle.inForeground, "pause in the background: ${rec.calls}")
    each { it.onActivityStarted(b) }
    b.stubChangingConfigurations = true
    each { it.onActivityStopped(b); it.onActivityDestroyed(b) } // a rotation
    val b2 = Activity()
    each { it.onActivityCreated(b2, null); it.onActivityStarted(b2) }
    check(rec.calls == listOf("resume", "pause", "resume"), "a rotation neither pauses nor resumes: ${rec.calls}")
    pass("ForegroundResume: start → resume, background → pause, a rotation → nothing (${rec.calls})")

    val cm = ConnectivityManager()
    val network = NetworkResume(cm, rec) { lifecycle.inForeground }
    check(cm.stubCallbacks == listOf(network), "NetworkResume registers its callback")
    cm.stubCallbacks.toList().forEach { it.onAvailable(Network()) }
    check(rec.calls.last() == "resume" && rec.calls.size == 4, "network back in the foreground → resume")
    each { it.onActivityStopped(b2) }
    cm.stubCallbacks.toList().forEach { it.onAvailable(Network()) }
    check(rec.calls == listOf("resume", "pause", "resume", "resume", "pause"), "network back in the background → nothing: ${rec.calls}")
    network.close()
    lifecycle.close()
    check(cm.stubCallbacks.isEmpty() && app.stubCallbacks.isEmpty(), "close() unregisters")
    pass("NetworkResume: onAvailable → resume in the foreground only; close() unregisters both helpers")
}

fun waitThreads() = Thread.getAllStackTraces().keys.count { it.isAlive && it.name.startsWith("tokenrenew-wait-") }

fun noThreadLeft() {
    val left = { Thread.getAllStackTraces().keys.filter { it.isAlive && !it.isDaemon && it != Thread.currentThread() }.map { it.name } }
    waitFor("no non-daemon thread left: ${left()}") { left().isEmpty() && waitThreads() == 0 }
    pass("no thread left after close()")
}

fun waitFor(what: String, ok: () -> Boolean) {
    val deadline = System.nanoTime() + WAIT_MS * 1_000_000
    while (!ok()) {
        if (System.nanoTime() > deadline) fail(what)
        Thread.sleep(20)
    }
}

fun check(ok: Boolean, what: String) {
    if (!ok) fail(what)
}

fun pass(what: String) = println("ok   $what")

fun fail(why: String): Nothing {
    println("FAIL: $why")
    exitProcess(1)
}
