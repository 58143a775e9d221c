package dev.tokenrenew.ktx

/**
 * Pausable is what the lifecycle and network helpers drive: [TokenRenewer] is one. Both
 * methods are safe to call from any thread, any number of times.
 */
interface Pausable {
    /** The app went to the background: no retry and no timer until [resume]. */
    fun pause()

    /** The app is back, or the network is: check the token now. */
    fun resume()
}
