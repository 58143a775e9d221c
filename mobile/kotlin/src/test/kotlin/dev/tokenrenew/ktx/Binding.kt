package dev.tokenrenew.ktx

import dev.tokenrenew.mobile.Config
import java.net.InetAddress
import java.net.ServerSocket
import kotlinx.coroutines.yield

/**
 * What the tests of the real binding share: the `tokenctl serve --ttl 3s` that run.sh starts
 * (its URL in the tokenrenew.url system property) and a loopback server that never answers.
 */
object Binding {
    /** The token server: 3-second Agora tokens at /getToken, a session-checked /auth. */
    val url: String = System.getProperty("tokenrenew.url") ?: error("run the tests through mobile/jvmtest/run.sh: tokenrenew.url is not set")

    /** silent accepts connections and never answers: a fetch from it never ends by itself. */
    private val silent = ServerSocket(0, 50, InetAddress.getLoopbackAddress())

    fun agora(channel: String = "ktx") = Config().apply {
        setURL("$url/getToken")
        setProfile("agora")
        setChannel(channel)
        setUID("7")
        setWarnBeforeMs(-1)
    }

    fun silent() = Config().apply {
        setURL("http://127.0.0.1:${silent.localPort}/token")
        setProfile("text")
    }

    /** waitThreads counts the threads TokenRenewer runs blocking waits of the binding on. */
    fun waitThreads() = Thread.getAllStackTraces().keys.count { it.isAlive && it.name.startsWith("tokenrenew-wait-") }

    /**
     * eventually waits until ok holds, letting the test's other coroutines run: in real time,
     * since the binding runs on its own threads, and at most 30 s (a bound for a hung binding,
     * not a timing assertion).
     */
    suspend fun eventually(what: String, ok: () -> Boolean) {
        val deadline = System.nanoTime() + 30_000_000_000L
        while (!ok()) {
            check(System.nanoTime() < deadline) { what }
            yield()
            Thread.sleep(5)
        }
    }
}
