package dev.tokenrenew.ktx

import dev.tokenrenew.mobile.Token

/**
 * TokenEvent is what happens to the token, as [TokenRenewer.events] delivers it. Its
 * `toString` never shows a token value.
 */
sealed class TokenEvent {
    /** A new token: hand [token]'s value to the SDK (Agora's renewToken). */
    class Renewed(val token: Token) : TokenEvent() {
        override fun toString() = "Renewed($token)"
    }

    /** [token] expires in [msLeft] ms and no fresher one has arrived yet. */
    class WillExpire(val token: Token, val msLeft: Long) : TokenEvent() {
        override fun toString() = "WillExpire($token, msLeft=$msLeft)"
    }

    /** [token] expired with no replacement; renewal goes on trying. */
    class Expired(val token: Token) : TokenEvent() {
        override fun toString() = "Expired($token)"
    }

    /** A fetch failed; when [TokenRenewException.permanent], renewal waits for refresh or resume. */
    class Failed(val error: TokenRenewException) : TokenEvent() {
        override fun toString() = "Failed($error)"
    }
}
