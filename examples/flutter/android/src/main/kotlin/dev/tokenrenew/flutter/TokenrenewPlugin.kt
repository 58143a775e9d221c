// Not built on the build machine: needs the Flutter SDK, the Android SDK and dist/tokenrenew.aar.
package dev.tokenrenew.flutter

import android.os.Handler
import android.os.Looper
import dev.tokenrenew.mobile.Config
import dev.tokenrenew.mobile.Listener
import dev.tokenrenew.mobile.Mobile
import dev.tokenrenew.mobile.Renewer
import dev.tokenrenew.mobile.Token
import dev.tokenrenew.mobile.TokenError
import io.flutter.embedding.engine.plugins.FlutterPlugin
import io.flutter.plugin.common.EventChannel
import io.flutter.plugin.common.MethodCall
import io.flutter.plugin.common.MethodChannel
import java.util.concurrent.Executors

/**
 * TokenrenewPlugin exposes the tokenrenew binding to Dart. Listener callbacks arrive on a Go
 * thread and are posted to the main thread, where Flutter channels must be used; blocking calls
 * (token, refresh) run on a background executor so they never block the UI thread.
 */
class TokenrenewPlugin : FlutterPlugin, MethodChannel.MethodCallHandler, EventChannel.StreamHandler, Listener {
    private val main = Handler(Looper.getMainLooper())
    private val background = Executors.newSingleThreadExecutor()
    private lateinit var methods: MethodChannel
    private lateinit var events: EventChannel
    private var sink: EventChannel.EventSink? = null
    private var renewer: Renewer? = null

    override fun onAttachedToEngine(binding: FlutterPlugin.FlutterPluginBinding) {
        methods = MethodChannel(binding.binaryMessenger, "dev.tokenrenew/methods").also { it.setMethodCallHandler(this) }
        events = EventChannel(binding.binaryMessenger, "dev.tokenrenew/events").also { it.setStreamHandler(this) }
    }

    override fun onDetachedFromEngine(binding: FlutterPlugin.FlutterPluginBinding) {
        renewer?.stop()
        renewer = null
        methods.setMethodCallHandler(null)
        events.setStreamHandler(null)
        background.shutdown()
    }

    override fun onMethodCall(call: MethodCall, result: MethodChannel.Result) {
        when (call.method) {
            "start" -> start(call, result)
            "token", "refresh" -> {
                val r = renewer ?: return result.error(Mobile.ErrorCodeNotStarted.toString(), "not started", null)
                val timeoutMs = (call.argument<Number>("timeoutMs") ?: 10_000).toLong()
                background.execute {
                    try {
                        val token = if (call.method == "token") r.token(timeoutMs) else r.refresh(timeoutMs)
                        main.post { result.success(token) }
                    } catch (e: Exception) {
                        val msg = e.message ?: ""
                        main.post { result.error(Mobile.codeOf(msg).toString(), msg, null) }
                    }
                }
            }
            "invalidate" -> { renewer?.invalidate(call.argument<String>("token") ?: ""); result.success(null) }
            "resume" -> { renewer?.resume(); result.success(null) }
            "stop" -> { renewer?.stop(); renewer = null; result.success(null) }
            else -> result.notImplemented()
        }
    }

    private fun start(call: MethodCall, result: MethodChannel.Result) {
        renewer?.stop()
        val config = Config()
        config.setURL(call.argument<String>("url"))
        config.setProfile(call.argument<String>("profile") ?: "")
        call.argument<String>("channel")?.let(config::setChannel)
        call.argument<String>("uid")?.let(config::setUID)
        call.argument<String>("room")?.let(config::setRoom)
        call.argument<Map<String, String>>("headers")?.forEach { (k, v) -> config.addHeader(k, v) }
        try {
            renewer = Renewer(config, this).also { it.start() }
            result.success(null)
        } catch (e: Exception) {
            val msg = e.message ?: ""
            result.error(Mobile.codeOf(msg).toString(), msg, null)
        }
    }

    override fun onListen(arguments: Any?, events: EventChannel.EventSink) { sink = events }

    override fun onCancel(arguments: Any?) { sink = null }

    // Listener: on a Go thread. EventSink must be used on the main thread.
    private fun emit(event: Map<String, Any>) = main.post { sink?.success(event) }

    override fun onRenewToken(token: Token) {
        emit(mapOf("type" to "renewToken", "token" to token.value, "expiresAtMs" to token.expiresAtMs))
    }

    override fun onTokenWillExpire(token: Token, msLeft: Long) {
        emit(mapOf("type" to "tokenWillExpire", "msLeft" to msLeft))
    }

    override fun onTokenExpired(token: Token) {
        emit(mapOf("type" to "tokenExpired"))
    }

    override fun onError(err: TokenError) {
        emit(mapOf("type" to "error", "code" to err.code, "message" to err.message, "permanent" to err.permanent))
    }
}
