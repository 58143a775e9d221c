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
 * on a Go thread: load once at start, save after each renewal.
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
        return StoredToken(value, prefs.getLong("expiresAtMs", 0), prefs.getLong("issuedAtMs", 0))
    }

    override fun save(token: StoredToken) {
        prefs.edit()
            .putString("token", token.value)
            .putLong("expiresAtMs", token.expiresAtMs)
            .putLong("issuedAtMs", token.issuedAtMs)
            .apply()
    }
}
