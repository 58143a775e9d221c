// Not built on the build machine: needs the Flutter SDK, the Android SDK and dist/tokenrenew.aar.
package dev.tokenrenew.flutter

import dev.tokenrenew.mobile.Config
import dev.tokenrenew.mobile.Token

/**
 * configFrom builds a Config from the options Dart's TokenRenewer.start sends: one key per
 * setter of the Go Config (mobile/parity_test.go holds the keys to that table). An unknown key
 * or a value of the wrong type is an IllegalArgumentException naming the option.
 */
fun configFrom(options: Map<*, *>): Config {
    val c = Config()
    for ((k, v) in options) {
        val key = k as? String ?: throw IllegalArgumentException("option names are strings")
        fun str() = v as? String ?: throw IllegalArgumentException("option $key must be a String")
        fun ms() = (v as? Number)?.toLong() ?: throw IllegalArgumentException("option $key must be a number of milliseconds")
        fun bool() = v as? Boolean ?: throw IllegalArgumentException("option $key must be a bool")
        when (key) {
            "url" -> c.setURL(str())
            "profile" -> c.setProfile(str())
            "tokenType" -> c.setTokenType(str())
            "channel" -> c.setChannel(str())
            "uid" -> c.setUID(str())
            "role" -> c.setRole(str())
            "expiryMs" -> c.setExpiryMs(ms())
            "legacy" -> c.setLegacy(bool())
            "room" -> c.setRoom(str())
            "document" -> c.setDocument(str())
            "method" -> c.setMethod(str())
            "body" -> c.setBody(v as? ByteArray ?: throw IllegalArgumentException("option body must be a Uint8List"))
            "tokenField" -> c.setTokenField(str())
            "expiresInField" -> c.setExpiresInField(str())
            "expiresAtField" -> c.setExpiresAtField(str())
            "headers" -> (v as? Map<*, *> ?: throw IllegalArgumentException("option headers must be a Map<String, String>"))
                .forEach { (name, value) -> c.addHeader(name as String, value as String) }
            "allowInsecureHttp" -> c.setAllowInsecureHTTP(bool())
            "warnBeforeMs" -> c.setWarnBeforeMs(ms())
            "refreshBeforeMs" -> c.setRefreshBeforeMs(ms())
            "requestTimeoutMs" -> c.setRequestTimeoutMs(ms())
            "minBackoffMs" -> c.setMinBackoffMs(ms())
            "maxBackoffMs" -> c.setMaxBackoffMs(ms())
            "fallbackTtlMs" -> c.setFallbackTTLMs(ms())
            "wakeIntervalMs" -> c.setWakeIntervalMs(ms())
            "disableJitter" -> c.setDisableJitter(bool())
            "identity" -> c.setIdentity(str())
            "storeKey" -> c.setStoreKey(str())
            "seed" -> c.setSeed(seedFrom(v as? Map<*, *> ?: throw IllegalArgumentException("option seed must be a Token")))
            else -> throw IllegalArgumentException("unknown option $key")
        }
    }
    return c
}

private fun seedFrom(m: Map<*, *>): Token {
    val t = Token(m["value"] as String, (m["expiresAtMs"] as Number).toLong(), (m["issuedAtMs"] as Number).toLong())
    t.extraJSON = m["extraJson"] as String? ?: ""
    return t
}

/** tokenMap is a Token as Dart's Token._fromMap reads it. */
fun tokenMap(t: Token): Map<String, Any> = mapOf(
    "value" to t.value,
    "expiresAtMs" to t.expiresAtMs,
    "issuedAtMs" to t.issuedAtMs,
    "expirySource" to t.expirySource,
    "extraJson" to t.extraJSON,
    "secretsJson" to t.secretsJSON
)
