package dev.tokenrenew.flutter

import dev.tokenrenew.ktx.Binding
import dev.tokenrenew.mobile.Renewer
import dev.tokenrenew.mobile.Wait
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test

/**
 * The Flutter plugin's Android option reader (examples/flutter/android/.../Options.kt) through
 * the real binding: every option Dart's start() sends (the Go parity test holds the keys to the
 * Config setters) is set from a map as Flutter's codec decodes it, and the renewer so configured
 * fetches a token.
 */
class FlutterOptionsTest {
    @Test
    fun everyOptionDartSendsConfiguresARenewerThatFetches() {
        val now = System.currentTimeMillis()
        val options = mapOf<String, Any>(
            "url" to "${Binding.url}/getToken", "profile" to "agora", "tokenType" to "rtc", "channel" to "flutter",
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
        val token = tokenMap(r.awaitToken(Wait(30_000)))
        r.stop()
        assertTrue((token["value"] as String).startsWith("007"))
        assertEquals(setOf("value", "expiresAtMs", "issuedAtMs", "expirySource", "extraJson", "secretsJson"), token.keys)
    }

    @Test
    fun anUnknownKeyOrAWrongTypeIsRefusedByName() {
        for ((bad, why) in listOf(mapOf("chanel" to "demo") to "chanel", mapOf("expiryMs" to "40s") to "expiryMs", mapOf("headers" to "x") to "headers")) {
            try {
                configFrom(bad)
                fail("configFrom($bad) accepted it")
            } catch (e: IllegalArgumentException) {
                assertTrue("the error names the option: ${e.message}", e.message!!.contains(why))
            }
        }
    }
}
