// Not built on the build machine: needs the Flutter SDK, Xcode and dist/Tokenrenew.xcframework.
import Flutter
import Foundation
import Tokenrenew

/// OptionError is an unknown option, or one of the wrong type.
struct OptionError: Error {
    let message: String
}

/// config(from:) builds a MobileConfig from the options Dart's TokenRenewer.start sends: one key
/// per setter of the Go Config (mobile/parity_test.go holds the keys to that table).
func config(from options: [String: Any]) throws -> MobileConfig {
    let c = MobileConfig()!
    for (key, v) in options {
        func str() throws -> String {
            guard let s = v as? String else { throw OptionError(message: "option \(key) must be a String") }
            return s
        }
        func ms() throws -> Int64 {
            guard let n = v as? NSNumber else { throw OptionError(message: "option \(key) must be a number of milliseconds") }
            return n.int64Value
        }
        func bool() throws -> Bool {
            guard let b = v as? Bool else { throw OptionError(message: "option \(key) must be a bool") }
            return b
        }
        switch key {
        case "url": c.setURL(try str())
        case "profile": c.setProfile(try str())
        case "tokenType": c.setTokenType(try str())
        case "channel": c.setChannel(try str())
        case "uid": c.setUID(try str())
        case "role": c.setRole(try str())
        case "expiryMs": c.setExpiryMs(try ms())
        case "legacy": c.setLegacy(try bool())
        case "room": c.setRoom(try str())
        case "document": c.setDocument(try str())
        case "method": c.setMethod(try str())
        case "body":
            guard let data = v as? FlutterStandardTypedData else { throw OptionError(message: "option body must be a Uint8List") }
            c.setBody(data.data)
        case "tokenField": c.setTokenField(try str())
        case "expiresInField": c.setExpiresInField(try str())
        case "expiresAtField": c.setExpiresAtField(try str())
        case "headers":
            guard let headers = v as? [String: String] else { throw OptionError(message: "option headers must be a Map<String, String>") }
            for (name, value) in headers { c.addHeader(name, value: value) }
        case "allowInsecureHttp": c.setAllowInsecureHTTP(try bool())
        case "warnBeforeMs": c.setWarnBeforeMs(try ms())
        case "refreshBeforeMs": c.setRefreshBeforeMs(try ms())
        case "requestTimeoutMs": c.setRequestTimeoutMs(try ms())
        case "minBackoffMs": c.setMinBackoffMs(try ms())
        case "maxBackoffMs": c.setMaxBackoffMs(try ms())
        case "fallbackTtlMs": c.setFallbackTTLMs(try ms())
        case "wakeIntervalMs": c.setWakeIntervalMs(try ms())
        case "disableJitter": c.setDisableJitter(try bool())
        case "identity": c.setIdentity(try str())
        case "storeKey": c.setStoreKey(try str())
        case "seed":
            guard let m = v as? [String: Any], let value = m["value"] as? String,
                  let expires = (m["expiresAtMs"] as? NSNumber)?.int64Value else {
                throw OptionError(message: "option seed must be a Token")
            }
            let seed = MobileToken(value, expiresAtMs: expires, issuedAtMs: (m["issuedAtMs"] as? NSNumber)?.int64Value ?? 0)!
            seed.extraJSON = m["extraJson"] as? String ?? ""
            c.setSeed(seed)
        default: throw OptionError(message: "unknown option \(key)")
        }
    }
    return c
}

/// tokenMap is a token as Dart's Token._fromMap reads it.
func tokenMap(_ t: MobileToken) -> [String: Any] {
    ["value": t.value, "expiresAtMs": t.expiresAtMs, "issuedAtMs": t.issuedAtMs,
     "expirySource": t.expirySource, "extraJson": t.extraJSON, "secretsJson": t.secretsJSON]
}
