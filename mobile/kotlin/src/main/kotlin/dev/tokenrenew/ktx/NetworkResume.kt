package dev.tokenrenew.ktx

import android.content.Context
import android.net.ConnectivityManager
import android.net.Network
import java.io.Closeable

/**
 * NetworkResume resumes [target] when the default network becomes available (back online,
 * or a switch from Wi-Fi to cellular), so that a retry waiting out its backoff runs at once,
 * with the platform's `ConnectivityManager.NetworkCallback`. While [foreground] says the app
 * is in the background it does nothing: a paused renewer stays paused.
 *
 * It needs the `ACCESS_NETWORK_STATE` permission. Its callback runs on a ConnectivityManager
 * thread. [close] unregisters it.
 */
class NetworkResume(
    private val connectivity: ConnectivityManager,
    private val target: Pausable,
    private val foreground: () -> Boolean = { true }
) : ConnectivityManager.NetworkCallback(), Closeable {

    /** NetworkResume for the context's ConnectivityManager. */
    constructor(context: Context, target: Pausable, foreground: () -> Boolean = { true }) :
        this(context.getSystemService(Context.CONNECTIVITY_SERVICE) as ConnectivityManager, target, foreground)

    init {
        connectivity.registerDefaultNetworkCallback(this)
    }

    override fun onAvailable(network: Network) {
        if (foreground()) target.resume()
    }

    /** close stops following the network. */
    override fun close() = connectivity.unregisterNetworkCallback(this)
}
