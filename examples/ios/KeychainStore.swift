// Not built on the build machine: needs Xcode and dist/Tokenrenew.xcframework.
import Foundation
import Security
import Tokenrenew

/// KeychainStore keeps the current token in the iOS Keychain, so that a restarted app reuses a
/// still-valid token without a round trip. tokenrenew calls it on a Go thread. It keeps every
/// field: the key names the identity the token was fetched for (a keyed hash that reveals nothing
/// of it), and tokenrenew uses a loaded token only when its key matches the renewer's, so one
/// user's or channel's token never reaches another. secretsJSON carries the hash's random key
/// too: keep it in the Keychain, as the token.
final class KeychainStore: NSObject, MobileStoreProtocol {
    private let account: String

    init(account: String) { self.account = account }

    private var query: [String: Any] {
        [kSecClass as String: kSecClassGenericPassword,
         kSecAttrService as String: "dev.tokenrenew",
         kSecAttrAccount as String: account]
    }

    func load() throws -> MobileStoredToken {
        var q = query
        q[kSecReturnData as String] = true
        var item: CFTypeRef?
        let status = SecItemCopyMatching(q as CFDictionary, &item)
        guard status == errSecSuccess, let data = item as? Data,
              let saved = try? JSONDecoder().decode(Saved.self, from: data)
        else {
            if status != errSecSuccess && status != errSecItemNotFound {
                throw NSError(domain: NSOSStatusErrorDomain, code: Int(status))
            }
            return MobileStoredToken("", expiresAtMs: 0, issuedAtMs: 0)! // no token stored
        }
        let token = MobileStoredToken(saved.value, expiresAtMs: saved.expiresAtMs, issuedAtMs: saved.issuedAtMs)!
        token.key = saved.key
        token.extraJSON = saved.extraJSON
        token.secretsJSON = saved.secretsJSON
        return token
    }

    func save(_ token: MobileStoredToken?) throws {
        guard let token else { return }
        let data = try JSONEncoder().encode(Saved(value: token.value, expiresAtMs: token.expiresAtMs, issuedAtMs: token.issuedAtMs,
                                                     key: token.key, extraJSON: token.extraJSON, secretsJSON: token.secretsJSON))
        SecItemDelete(query as CFDictionary)
        var q = query
        q[kSecValueData as String] = data
        q[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        let status = SecItemAdd(q as CFDictionary, nil)
        if status != errSecSuccess { throw NSError(domain: NSOSStatusErrorDomain, code: Int(status)) }
    }

    private struct Saved: Codable {
        var value: String
        var expiresAtMs: Int64
        var issuedAtMs: Int64
        var key: String
        var extraJSON: String
        var secretsJSON: String
    }
}
