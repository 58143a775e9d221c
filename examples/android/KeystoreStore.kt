// Android only: needs the Android SDK and androidx.security:security-crypto, so it is not
// compiled on the build machine.
package dev.tokenrenew.example

import android.content.Context
import androidx.security.crypto.EncryptedSharedPreferences
import androidx.security.crypto.MasterKey
import dev.tokenrenew.mobile.Store
import dev.tokenrenew.mobile.StoredToken

/**
 * KeystoreStore keeps the current token in preferences encrypted with an Android Keystore key,
 * so that a restarted app reuses a still-valid token without a round trip. tokenrenew calls it
 * on a Go thread: load once at start, save after each renewal. It keeps every field: the key
 * names the identity (server, channel, uid, headers, setIdentity, ...) the token was fetched for,
 * as a keyed hash that reveals none of them, and tokenrenew uses a loaded token only when its key
 * matches the renewer's, so one user's token never reaches another. secretsJSON carries the
 * hash's random key too: keep it encrypted, as the token.
 */
class KeystoreStore(context: Context) : Store {
    private val prefs = EncryptedSharedPreferences.create(
        context,
        "tokenrenew",
        MasterKey.Builder(context).setKeyScheme(MasterKey.KeyScheme.AES256_GCM).build(),
        EncryptedSharedPreferences.PrefKeyEncryptionScheme.AES256_SIV,
        EncryptedSharedPreferences.PrefValueEncryptionScheme.AES256_GCM
    )

    override fun load(): StoredToken? {
        val value = prefs.getString("token", null) ?: return null
        return StoredToken(value, prefs.getLong("expiresAtMs", 0), prefs.getLong("issuedAtMs", 0)).apply {
            key = prefs.getString("key", "") ?: ""
            extraJSON = prefs.getString("extraJSON", "") ?: ""
            secretsJSON = prefs.getString("secretsJSON", "") ?: ""
        }
    }

    override fun save(token: StoredToken) {
        prefs.edit()
            .putString("token", token.value)
            .putLong("expiresAtMs", token.expiresAtMs)
            .putLong("issuedAtMs", token.issuedAtMs)
            .putString("key", token.key)
            .putString("extraJSON", token.extraJSON)
            .putString("secretsJSON", token.secretsJSON)
            .apply()
    }
}
