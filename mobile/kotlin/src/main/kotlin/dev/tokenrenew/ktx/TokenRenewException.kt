package dev.tokenrenew.ktx

import dev.tokenrenew.mobile.Mobile
import dev.tokenrenew.mobile.TokenError

/**
 * TokenRenewException is every failure of tokenrenew, one subclass per error code, so that a
 * `when` over it is exhaustive and a `catch` can name the one it handles:
 *
 * ```
 * try { renewer.token() } catch (e: TokenRenewException.Unauthorized) { showSignIn() }
 * ```
 *
 * [code] is the binding's `Mobile.ErrorCode…` constant, [permanent] says renewal waits for
 * [TokenRenewer.refresh] or [TokenRenewer.resume] instead of retrying, and the message holds no
 * secret.
 */
sealed class TokenRenewException(val code: Long, message: String, val permanent: Boolean) : Exception(message) {
    /** A bug, such as a panic in tokenrenew or an exception in a Listener, recovered. */
    class Internal(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeInternal, message, permanent)
    /** The configuration is not usable (no URL, an unknown profile, a malformed URL). */
    class Config(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeConfig, message, permanent)
    /** Plain http to a host other than loopback without setAllowInsecureHTTP. */
    class InsecureURL(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeInsecureURL, message, permanent)
    /** The token server answered 401: the app's own login is missing or expired. */
    class Unauthorized(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeUnauthorized, message, permanent)
    /** The token server answered 403. */
    class Forbidden(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeForbidden, message, permanent)
    /** The token server's CORS check refused the request. */
    class OriginNotAllowed(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeOriginNotAllowed, message, permanent)
    /** Another non-2xx status: permanent for most 4xx, retried for 408, 429 and 5xx. */
    class HTTPStatus(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeHTTPStatus, message, permanent)
    /** The token server could not be reached (offline, DNS, refused, reset, TLS). Retried. */
    class Network(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeNetwork, message, permanent)
    /** The wait or the request took longer than allowed. */
    class Timeout(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeTimeout, message, permanent)
    /** The response held no token. */
    class NoToken(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeNoToken, message, permanent)
    /** The token is too long or not printable ASCII. */
    class InvalidToken(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeInvalidToken, message, permanent)
    /** The response could not be parsed. */
    class MalformedResponse(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeMalformedResponse, message, permanent)
    /** The response body was over 64 KiB. */
    class ResponseTooLarge(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeResponseTooLarge, message, permanent)
    /** The server sent a token that had expired. */
    class AlreadyExpired(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeAlreadyExpired, message, permanent)
    /** A renewal brought a token expiring no later than the current one, or the rejected one. */
    class NoProgress(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeNoProgress, message, permanent)
    /** The token expired and no replacement arrived. */
    class Expired(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeExpired, message, permanent)
    /** The renewer was not started. */
    class NotStarted(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeNotStarted, message, permanent)
    /** The renewer was closed. */
    class Stopped(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeStopped, message, permanent)
    /** The app's Store failed. */
    class Store(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeStore, message, permanent)
    /** The token server redirected in a loop, too often, or to another host with the body. */
    class Redirect(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeRedirect, message, permanent)
    /** The server sent a token that arrived with less than 2 s left; it is served while it lasts. */
    class ShortLifetime(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeShortLifetime, message, permanent)
    /** token() or refresh() was called from inside the renewer's own fetch. */
    class Reentrant(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeReentrant, message, permanent)
    /** The seed token was minted for another channel or uid than the configuration names. */
    class WrongIdentity(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeWrongIdentity, message, permanent)
    /** The binding's Renewer.start() was called again; the renewer goes on as it was. */
    class AlreadyStarted(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeAlreadyStarted, message, permanent)
    /** The caller canceled its own wait; renewal goes on. */
    class Canceled(message: String, permanent: Boolean) : TokenRenewException(Mobile.ErrorCodeCanceled, message, permanent)
    /** A code this layer does not know yet: a binding newer than this file. */
    class Unknown(code: Long, message: String, permanent: Boolean) : TokenRenewException(code, message, permanent)

    override fun toString(): String = "${javaClass.simpleName}(code=$code, permanent=$permanent): $message"

    companion object {
        /** of returns the exception for a TokenError of the binding. */
        fun of(e: TokenError): TokenRenewException = of(e.code, e.message, e.permanent)

        /** of returns the exception for a code, a message and a permanence. */
        fun of(code: Long, message: String, permanent: Boolean): TokenRenewException = when (code) {
            Mobile.ErrorCodeInternal -> Internal(message, permanent)
            Mobile.ErrorCodeConfig -> Config(message, permanent)
            Mobile.ErrorCodeInsecureURL -> InsecureURL(message, permanent)
            Mobile.ErrorCodeUnauthorized -> Unauthorized(message, permanent)
            Mobile.ErrorCodeForbidden -> Forbidden(message, permanent)
            Mobile.ErrorCodeOriginNotAllowed -> OriginNotAllowed(message, permanent)
            Mobile.ErrorCodeHTTPStatus -> HTTPStatus(message, permanent)
            Mobile.ErrorCodeNetwork -> Network(message, permanent)
            Mobile.ErrorCodeTimeout -> Timeout(message, permanent)
            Mobile.ErrorCodeNoToken -> NoToken(message, permanent)
            Mobile.ErrorCodeInvalidToken -> InvalidToken(message, permanent)
            Mobile.ErrorCodeMalformedResponse -> MalformedResponse(message, permanent)
            Mobile.ErrorCodeResponseTooLarge -> ResponseTooLarge(message, permanent)
            Mobile.ErrorCodeAlreadyExpired -> AlreadyExpired(message, permanent)
            Mobile.ErrorCodeNoProgress -> NoProgress(message, permanent)
            Mobile.ErrorCodeExpired -> Expired(message, permanent)
            Mobile.ErrorCodeNotStarted -> NotStarted(message, permanent)
            Mobile.ErrorCodeStopped -> Stopped(message, permanent)
            Mobile.ErrorCodeStore -> Store(message, permanent)
            Mobile.ErrorCodeRedirect -> Redirect(message, permanent)
            Mobile.ErrorCodeShortLifetime -> ShortLifetime(message, permanent)
            Mobile.ErrorCodeReentrant -> Reentrant(message, permanent)
            Mobile.ErrorCodeWrongIdentity -> WrongIdentity(message, permanent)
            Mobile.ErrorCodeAlreadyStarted -> AlreadyStarted(message, permanent)
            Mobile.ErrorCodeCanceled -> Canceled(message, permanent)
            else -> Unknown(code, message, permanent)
        }

        /**
         * thrown returns the exception for one the binding threw, whose message reads
         * "tokenrenew error N: text"; permanent is what the caller knows of it.
         */
        internal fun thrown(e: Exception, permanent: Boolean): TokenRenewException {
            val text = e.message ?: ""
            val code = Mobile.codeOf(text)
            return of(if (code == Mobile.ErrorCodeNone) Mobile.ErrorCodeInternal else code, text.substringAfter(": "), permanent)
        }
    }
}
