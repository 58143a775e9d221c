// FlutterOptionsTest runs the Flutter plugin's Android option reader
// (examples/flutter/android/.../Options.kt) on the host JVM through the real binding:
// kotlin FlutterOptionsTestKt http://127.0.0.1:PORT. Every option Dart's start() sends (the
// Go parity test holds the keys to the Config setters) is set from a map as Flutter's codec
// decodes it, and the renewer so configured fetches a token.
package dev.tokenrenew.jvmtest.flutter

import dev.tokenrenew.flutter.configFrom
import dev.tokenrenew.flutter.tokenMap
import dev.tokenrenew.mobile.Renewer
import kotlin.system.exitProcess

fun main(args: Array<String>) {
    val now = System.currentTimeMillis()
    val options = mapOf<String, Any>(
        "url" to "${args[0]}/getToken", "profile" to "agora", "tokenType" to "rtc", "channel" to "flutter",
        "uid" to "42", "role" to "publisher", "expiryMs" to 3_600_000, "legacy" to false, "room" to "lobby",
        "document" to "doc", "method" to "POST", "body" to "{}".toByteArray(), "tokenField" to "token",
        "expiresInField" to "expires_in", "expiresAtField" to "expires_at", "headers" to mapOf("X-App" to "1"),
        "allowInsecureHttp" to false, "warnBeforeMs" to -1, "refreshBeforeMs" to 0, "requestTimeoutMs" to 5_000,
        "minBackoffMs" to 100, "maxBackoffMs" to 1_000, "fallbackTtlMs" to 60_000, "wakeIntervalMs" to 30_000L,
        "disableJitter" to true, "storeKey" to "flutter-user",
        "seed" to mapOf("value" to "expired-seed", "expiresAtMs" to now - 60_000, "issuedAtMs" to now - 120_000, "extraJson" to "")
    )
    val r = Renewer(configFrom(options), null)
    r.start()
    val token = tokenMap(r.awaitToken(dev.tokenrenew.mobile.Wait(30_000)))
    r.stop()
    check((token["value"] as String).startsWith("007") && token.keys == setOf("value", "expiresAtMs", "issuedAtMs", "expirySource", "extraJson", "secretsJson"),
        "a renewer configured from all ${options.size} options fetched a token")
    println("ok   configFrom read all ${options.size} options Dart sends; the renewer fetched a token: ${token.keys}")
    for ((bad, why) in listOf(mapOf("chanel" to "demo") to "chanel", mapOf("expiryMs" to "40s") to "expiryMs", mapOf("headers" to "x") to "headers")) {
        try {
            configFrom(bad)
            fail("configFrom($bad) accepted it")
        } catch (e: IllegalArgumentException) {
            check(e.message!!.contains(why), "the error names the option: ${e.message}")
            println("ok   configFrom($bad) refused: ${e.message}")
        }
    }
    println("PASS: the Flutter plugin's Android options (Options.kt) ran through the binding")
}

fun check(ok: Boolean, what: String) {
    if (!ok) fail(what)
}

fun fail(why: String): Nothing {
    println("FAIL: $why")
    exitProcess(1)
}
