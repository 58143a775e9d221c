// Demo runs TokenRenewal.kt on a plain JVM against `tokenctl serve`, with a single-thread
// executor standing in for Android's main thread: `make test-mobile` compiles it with the
// Kotlin layer's Maven build (mobile/kotlin/pom.xml) and runs it as a test
// (AndroidExampleTest), so the wiring shown in the Android example is known to work.
package dev.tokenrenew.example

import java.util.concurrent.Executors
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/** demo runs TokenRenewal against the token server at base and throws at the first failure. */
fun demo(base: String) {
    val uiThread = Executors.newSingleThreadExecutor { r -> Thread(r, "main").apply { isDaemon = true } }
    val tokens = LinkedBlockingQueue<Pair<String, String>>()
    val engine = object : TokenSink {
        override fun useToken(token: String) {
            tokens.add(Pair(token, Thread.currentThread().name))
        }
    }
    val renewal = TokenRenewal(base, "demo", "42", engine, uiThread, object : TokenUi {})
    renewal.start()
    val seen = mutableListOf<String>()
    while (seen.size < 3) {
        val (token, thread) = tokens.poll(30, TimeUnit.SECONDS) ?: fail("no token within 30 s")
        if (thread != "main") fail("useToken ran on thread $thread, not the main thread")
        if (!token.startsWith("007") || token in seen) fail("not a new Agora token")
        seen.add(token)
        println("kotlin: engine.useToken(007…, ${token.length} bytes) on thread \"$thread\"")
    }
    renewal.onRequestToken() // as Agora's onRequestToken: a new token at once
    val (fresh, _) = tokens.poll(30, TimeUnit.SECONDS) ?: fail("no token after onRequestToken")
    if (fresh in seen) fail("onRequestToken brought back an old token")
    println("kotlin: onRequestToken -> a new token")
    renewal.stop()
    uiThread.shutdown()
    println("PASS: Kotlin example (TokenRenewal.kt) ran through the binding")
}

fun fail(why: String): Nothing = throw AssertionError(why)
