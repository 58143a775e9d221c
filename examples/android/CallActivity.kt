// Android only: needs the Android SDK and the Agora Video SDK (io.agora.rtc:full-sdk),
// so it is not compiled on the build machine. TokenRenewal.kt is, through jvm/Demo.kt.
package dev.tokenrenew.example

import android.app.Activity
import android.os.Bundle
import android.os.Handler
import android.os.Looper
import android.widget.Toast
import io.agora.rtc2.ChannelMediaOptions
import io.agora.rtc2.IRtcEngineEventHandler
import io.agora.rtc2.RtcEngine
import io.agora.rtc2.RtcEngineConfig
import java.util.concurrent.Executor

/** CallActivity joins an Agora channel and keeps its token fresh with tokenrenew. */
class CallActivity : Activity() {
    private lateinit var rtc: RtcEngine
    private lateinit var renewal: TokenRenewal
    private var joined = false

    // Every Listener callback of tokenrenew arrives on a Go thread: this executor posts to the
    // main thread, where the engine and the views are used.
    private val mainHandler = Handler(Looper.getMainLooper())
    private val mainThread = Executor { mainHandler.post(it) }

    private val events = object : IRtcEngineEventHandler() {
        override fun onTokenPrivilegeWillExpire(token: String?) = renewal.onTokenPrivilegeWillExpire()
        override fun onRequestToken() = renewal.onRequestToken()
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        rtc = RtcEngine.create(RtcEngineConfig().apply {
            mContext = applicationContext
            mAppId = getString(R.string.agora_app_id)
            mEventHandler = events
        })
        val engine = object : TokenSink {
            override fun useToken(token: String) {
                if (joined) {
                    rtc.renewToken(token)
                } else {
                    rtc.joinChannel(token, "demo", 42, ChannelMediaOptions())
                    joined = true
                }
            }
        }
        val ui = object : TokenUi {
            override fun mustSignInAgain() = Toast.makeText(this@CallActivity, "Please sign in again", Toast.LENGTH_LONG).show()
            override fun tokenExpired() = Toast.makeText(this@CallActivity, "Reconnecting…", Toast.LENGTH_SHORT).show()
        }
        renewal = TokenRenewal(
            tokenServer = "https://tokens.example.com",
            channel = "demo",
            uid = "42",
            engine = engine,
            mainThread = mainThread,
            ui = ui,
            store = KeystoreStore(applicationContext)
        )
        renewal.start()
    }

    override fun onStart() {
        super.onStart()
        renewal.resume() // back in the foreground: the device may have slept through a renewal
    }

    override fun onStop() {
        renewal.pause() // in the background: no retry, no timer (ForegroundResume in mobile/kotlin
        super.onStop()  // does this for every activity of the app at once)
    }

    override fun onDestroy() {
        renewal.stop()
        rtc.leaveChannel()
        RtcEngine.destroy()
        super.onDestroy()
    }
}
