// Stand-ins for Flutter's io.flutter.plugin.common channel classes; see FlutterPlugin.kt.
package io.flutter.plugin.common

interface BinaryMessenger

class MethodCall(@JvmField val method: String, @JvmField val arguments: Any?) {
    @Suppress("UNCHECKED_CAST")
    fun <T> argument(key: String): T? = (arguments as? Map<*, *>)?.get(key) as T?
}

class MethodChannel(messenger: BinaryMessenger, name: String) {
    fun setMethodCallHandler(handler: MethodCallHandler?) {}

    interface MethodCallHandler {
        fun onMethodCall(call: MethodCall, result: Result)
    }

    interface Result {
        fun success(result: Any?)
        fun error(errorCode: String, errorMessage: String?, errorDetails: Any?)
        fun notImplemented()
    }
}

class EventChannel(messenger: BinaryMessenger, name: String) {
    fun setStreamHandler(handler: StreamHandler?) {}

    interface StreamHandler {
        fun onListen(arguments: Any?, events: EventSink)
        fun onCancel(arguments: Any?)
    }

    interface EventSink {
        fun success(event: Any?)
        fun error(errorCode: String, errorMessage: String?, errorDetails: Any?)
        fun endOfStream()
    }
}
