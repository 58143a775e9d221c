package dev.tokenrenew.ktx

import android.app.Activity
import android.app.Application
import android.content.res.Configuration
import android.net.ConnectivityManager
import android.os.Looper
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf
import org.robolectric.annotation.Config
import org.robolectric.annotation.ConscryptMode
import org.robolectric.shadows.ShadowNetwork

/**
 * ForegroundResume and NetworkResume under Robolectric, with the real Android framework
 * (android-all 15, API 35): activities started and stopped by Robolectric's ActivityController
 * reach the helpers through the platform's own Application.ActivityLifecycleCallbacks, and the
 * network through ConnectivityManager's registered default-network callbacks.
 *
 * The helpers drive a [Recorder] (a [Pausable]), not the real binding: Robolectric runs the
 * test in a sandbox class loader, and the binding's JNI library belongs to the JVM's class
 * loader (a JVM loads a native library into one class loader only); the binding's side of
 * pause and resume is tested by TokenRenewerTest and the Go tests.
 */
@RunWith(RobolectricTestRunner::class)
@Config(sdk = [35]) // Android 15: the newest that Robolectric 4.17 runs on Java 17
@ConscryptMode(ConscryptMode.Mode.OFF) // no TLS here; Conscrypt would read android.os.Build outside the sandbox
class LifecycleTest {
    // The scenarios live in LifecycleScenarios: this class names no Android type in a field or
    // a signature, since JUnit reflects on it outside the sandbox, where no Android class is.
    @Test
    fun foregroundResumePausesInTheBackgroundAndResumesInTheForeground() = LifecycleScenarios().foreground()

    @Test
    fun networkResumeResumesWhenTheNetworkIsBack() = LifecycleScenarios().network()

    @Test
    fun aNetworkChangeInTheBackgroundDoesNotResumeAPausedRenewer() = LifecycleScenarios().networkInTheBackground()
}

/** LifecycleScenarios are LifecycleTest's tests, run in Robolectric's sandbox. */
class LifecycleScenarios {
    /** Recorder is a Pausable that records its calls. */
    class Recorder : Pausable {
        val calls = mutableListOf<String>()
        override fun pause() {
            calls.add("pause")
        }

        override fun resume() {
            calls.add("resume")
        }
    }

    private val app: Application = RuntimeEnvironment.getApplication()
    private val connectivity = app.getSystemService(ConnectivityManager::class.java)

    /** networkBack plays the platform's part: the default network becomes available. */
    private fun networkBack(id: Int) {
        shadowOf(connectivity).networkCallbacks.toList().forEach { it.onAvailable(ShadowNetwork.newInstance(id)) }
        shadowOf(Looper.getMainLooper()).idle()
    }

    private fun networkLost(id: Int) {
        shadowOf(connectivity).networkCallbacks.toList().forEach { it.onLost(ShadowNetwork.newInstance(id)) }
    }

    fun foreground() {
        val rec = Recorder()
        ForegroundResume(app, rec).use { lifecycle ->
            val a = Robolectric.buildActivity(Activity::class.java).setup() // created, started, resumed
            assertEquals(listOf("resume"), rec.calls)
            assertTrue(lifecycle.inForeground)
            val b = Robolectric.buildActivity(Activity::class.java).create().start() // a opens b
            a.pause().stop()
            b.resume()
            assertEquals("one resume while activities hand over", listOf("resume"), rec.calls)
            b.pause().stop() // the home button
            assertEquals(listOf("resume", "pause"), rec.calls)
            assertFalse(lifecycle.inForeground)
            b.start().resume()
            assertEquals(listOf("resume", "pause", "resume"), rec.calls)
            b.configurationChange(Configuration(app.resources.configuration).apply { orientation = Configuration.ORIENTATION_LANDSCAPE })
            assertEquals("a rotation neither pauses nor resumes", listOf("resume", "pause", "resume"), rec.calls)
        }
        Robolectric.buildActivity(Activity::class.java).setup().pause().stop()
        assertEquals("close() stops following the activities", 3, rec.calls.size)
    }

    fun network() {
        val rec = Recorder()
        NetworkResume(app, rec).use {
            assertEquals("registered with the platform", 1, shadowOf(connectivity).networkCallbacks.size)
            networkLost(1)
            networkBack(2)
            assertEquals(listOf("resume"), rec.calls)
        }
        assertEquals("close() unregisters", 0, shadowOf(connectivity).networkCallbacks.size)
    }

    fun networkInTheBackground() {
        val rec = Recorder()
        val lifecycle = ForegroundResume(app, rec)
        val network = NetworkResume(app, rec) { lifecycle.inForeground }
        val a = Robolectric.buildActivity(Activity::class.java).setup()
        networkBack(1)
        assertEquals("in the foreground, the network's return resumes", listOf("resume", "resume"), rec.calls)
        a.pause().stop()
        networkLost(1)
        networkBack(2) // Wi-Fi to cellular, in the background
        assertEquals("in the background it stays paused", listOf("resume", "resume", "pause"), rec.calls)
        a.start()
        assertEquals(listOf("resume", "resume", "pause", "resume"), rec.calls)
        network.close()
        lifecycle.close()
    }
}
