package dev.tokenrenew.ktx

import android.app.Activity
import android.app.Application
import android.os.Bundle
import java.io.Closeable

/**
 * ForegroundResume pauses [target] when the app goes to the background (its last started
 * activity stops) and resumes it when the app comes back (an activity starts), as a process
 * lifecycle observer would, with the platform's own `Application.ActivityLifecycleCallbacks`
 * and no dependency. An activity restarted for a configuration change (a rotation) neither
 * pauses nor resumes.
 *
 * Make it in `Application.onCreate`, before any activity starts, and keep it for the life of
 * the process, or [close] it. Its callbacks run on the main thread; [inForeground] may be read
 * from any thread.
 *
 * ```
 * class App : Application() {
 *     lateinit var renewer: TokenRenewer
 *     override fun onCreate() {
 *         super.onCreate()
 *         renewer = TokenRenewer(config)
 *         val lifecycle = ForegroundResume(this, renewer)
 *         NetworkResume(this, renewer) { lifecycle.inForeground }
 *     }
 * }
 * ```
 */
class ForegroundResume(private val app: Application, private val target: Pausable) :
    Application.ActivityLifecycleCallbacks, Closeable {
    private var started = 0 // activities between onStart and onStop; main thread only
    private var restarting = false // the last one stopped for a configuration change

    /** inForeground says an activity of the app is started. */
    @Volatile
    var inForeground = false
        private set

    init {
        app.registerActivityLifecycleCallbacks(this)
    }

    override fun onActivityStarted(activity: Activity) {
        started++
        if (started == 1 && !inForeground) {
            inForeground = true
            target.resume()
        }
        restarting = false
    }

    override fun onActivityStopped(activity: Activity) {
        if (started == 0) return
        started--
        if (started == 0) {
            restarting = activity.isChangingConfigurations
            if (!restarting) {
                inForeground = false
                target.pause()
            }
        }
    }

    override fun onActivityCreated(activity: Activity, savedInstanceState: Bundle?) {}
    override fun onActivityResumed(activity: Activity) {}
    override fun onActivityPaused(activity: Activity) {}
    override fun onActivitySaveInstanceState(activity: Activity, outState: Bundle) {}
    override fun onActivityDestroyed(activity: Activity) {}

    /** close stops following the activities. */
    override fun close() = app.unregisterActivityLifecycleCallbacks(this)
}
