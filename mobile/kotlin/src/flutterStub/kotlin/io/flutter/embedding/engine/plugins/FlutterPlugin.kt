// A stand-in for the part of Flutter's embedding API (io.flutter.embedding, io.flutter.plugin)
// that the plugin's Android side uses, with the signatures and nullability of Flutter's Java
// classes, so that mobile/kotlin/pom.xml compiles TokenrenewPlugin.kt and catches its Kotlin
// errors. Flutter's engine artifacts are not in a registry this build reaches; it is never
// shipped: an app compiles the plugin against the real embedding.
package io.flutter.embedding.engine.plugins

import android.content.Context
import io.flutter.plugin.common.BinaryMessenger

interface FlutterPlugin {
    fun onAttachedToEngine(binding: FlutterPluginBinding)
    fun onDetachedFromEngine(binding: FlutterPluginBinding)

    class FlutterPluginBinding(val applicationContext: Context, val binaryMessenger: BinaryMessenger)
}
