// Compiled by mobile/kotlin/pom.xml against a stand-in for Flutter's embedding API; not run here:
// that needs the Flutter SDK, the Android SDK and the AAR in android/repo (make android).
package dev.tokenrenew.flutter

import android.os.Handler
import android.os.Looper
import dev.tokenrenew.mobile.Listener
import dev.tokenrenew.mobile.Mobile
import dev.tokenrenew.mobile.Renewer
import dev.tokenrenew.mobile.Token
import dev.tokenrenew.mobile.TokenError
import dev.tokenrenew.mobile.Wait
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
    private val background = Executors.newCachedThreadPool()
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
        if (call.method == "start") return start(call, result)
        val r = renewer ?: return result.error(Mobile.ErrorCodeNotStarted.toString(), "not started", mapOf("permanent" to true))
        when (call.method) {
            "token", "refresh" -> {
                val wait = Wait((call.argument<Number>("timeoutMs") ?: 10_000).toLong())
                background.execute {
                    try {
                        val token = if (call.method == "token") r.awaitToken(wait) else r.awaitRefresh(wait)
                        main.post { result.success(tokenMap(token)) }
                    } catch (e: Exception) {
                        val f = wait.failure()
                        val code = f?.code ?: Mobile.ErrorCodeInternal
                        main.post { result.error(code.toString(), f?.message ?: e.message, mapOf("permanent" to (f?.permanent ?: false))) }
                    }
                }
            }
            "current" -> result.success(r.current()?.let(::tokenMap))
            "invalidate" -> { r.invalidate(call.argument<String>("token") ?: ""); result.success(null) }
            "pause" -> { r.pause(); result.success(null) }
            "resume" -> { r.resume(); result.success(null) }
            "stop" -> { r.stop(); renewer = null; result.success(null) }
            else -> result.notImplemented()
        }
    }

    private fun start(call: MethodCall, result: MethodChannel.Result) {
        renewer?.stop()
        renewer = null
        val config = try {
            configFrom(call.arguments as? Map<*, *> ?: emptyMap<String, Any>())
        } catch (e: IllegalArgumentException) {
            return result.error(Mobile.ErrorCodeConfig.toString(), e.message, mapOf("permanent" to true))
        }
        val r = Renewer(config, this)
        try {
            r.start()
        } catch (e: Exception) {
            val msg = e.message ?: ""
            return result.error(Mobile.codeOf(msg).toString(), msg.substringAfter(": "), mapOf("permanent" to true))
        }
        renewer = r
        result.success(null)
    }

    override fun onListen(arguments: Any?, events: EventChannel.EventSink) { sink = events }

    override fun onCancel(arguments: Any?) { sink = null }

    // Listener: on a Go thread. EventSink must be used on the main thread.
    private fun emit(event: Map<String, Any>) = main.post { sink?.success(event) }

    override fun onRenewToken(token: Token) {
        emit(mapOf("type" to "renewToken", "token" to tokenMap(token)))
    }

    override fun onTokenWillExpire(token: Token, msLeft: Long) {
        emit(mapOf("type" to "tokenWillExpire", "token" to tokenMap(token), "msLeft" to msLeft))
    }

    override fun onTokenExpired(token: Token) {
        emit(mapOf("type" to "tokenExpired", "token" to tokenMap(token)))
    }

    override fun onError(err: TokenError) {
        emit(mapOf("type" to "error", "code" to err.code, "message" to err.message, "permanent" to err.permanent))
    }
}
