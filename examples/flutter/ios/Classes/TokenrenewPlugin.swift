// Not built on the build machine: needs the Flutter SDK, Xcode and dist/Tokenrenew.xcframework.
import Flutter
import Tokenrenew
import UIKit

/// TokenrenewPlugin exposes the tokenrenew binding to Dart. Listener callbacks arrive on a Go
/// thread and are dispatched to the main queue, where Flutter channels must be used; blocking
/// calls (token, refresh) run on a background queue.
public final class TokenrenewPlugin: NSObject, FlutterPlugin, FlutterStreamHandler, MobileListenerProtocol {
    private var sink: FlutterEventSink?
    private var renewer: MobileRenewer?
    private let background = DispatchQueue(label: "dev.tokenrenew.calls")

    public static func register(with registrar: FlutterPluginRegistrar) {
        let plugin = TokenrenewPlugin()
        let methods = FlutterMethodChannel(name: "dev.tokenrenew/methods", binaryMessenger: registrar.messenger())
        registrar.addMethodCallDelegate(plugin, channel: methods)
        FlutterEventChannel(name: "dev.tokenrenew/events", binaryMessenger: registrar.messenger()).setStreamHandler(plugin)
    }

    public func handle(_ call: FlutterMethodCall, result: @escaping FlutterResult) {
        let args = call.arguments as? [String: Any] ?? [:]
        switch call.method {
        case "start":
            renewer?.stop()
            let config = MobileConfig()!
            config.setURL(args["url"] as? String)
            config.setProfile(args["profile"] as? String ?? "")
            if let v = args["channel"] as? String { config.setChannel(v) }
            if let v = args["uid"] as? String { config.setUID(v) }
            if let v = args["room"] as? String { config.setRoom(v) }
            for (k, v) in args["headers"] as? [String: String] ?? [:] { config.addHeader(k, value: v) }
            let r = MobileRenewer(config, listener: self)!
            do { try r.start() } catch { return result(flutterError(error as NSError)) }
            renewer = r
            result(nil)
        case "token", "refresh":
            guard let r = renewer else { return result(FlutterError(code: "\(MobileErrorCodeNotStarted)", message: "not started", details: nil)) }
            let timeoutMs = (args["timeoutMs"] as? NSNumber)?.int64Value ?? 10_000
            background.async {
                do {
                    let token = call.method == "token" ? try r.token(timeoutMs) : try r.refresh(timeoutMs)
                    DispatchQueue.main.async { result(token) }
                } catch {
                    DispatchQueue.main.async { result(self.flutterError(error as NSError)) }
                }
            }
        case "invalidate": renewer?.invalidate((call.arguments as? [String: Any])?["token"] as? String ?? ""); result(nil)
        case "resume": renewer?.resume(); result(nil)
        case "stop": renewer?.stop(); renewer = nil; result(nil)
        default: result(FlutterMethodNotImplemented)
        }
    }

    private func flutterError(_ error: NSError?) -> FlutterError {
        let message = error?.localizedDescription ?? ""
        return FlutterError(code: "\(MobileCodeOf(message))", message: message, details: nil)
    }

    public func onListen(withArguments arguments: Any?, eventSink events: @escaping FlutterEventSink) -> FlutterError? {
        sink = events
        return nil
    }

    public func onCancel(withArguments arguments: Any?) -> FlutterError? {
        sink = nil
        return nil
    }

    // MobileListenerProtocol: on a Go thread. FlutterEventSink must be called on the main queue.
    private func emit(_ event: [String: Any]) {
        DispatchQueue.main.async { self.sink?(event) }
    }

    public func onRenewToken(_ token: MobileToken?) throws {
        guard let token else { return }
        emit(["type": "renewToken", "token": token.value, "expiresAtMs": token.expiresAtMs])
    }

    public func onTokenWillExpire(_ token: MobileToken?, msLeft: Int64) throws {
        emit(["type": "tokenWillExpire", "msLeft": msLeft])
    }

    public func onTokenExpired(_ token: MobileToken?) throws {
        emit(["type": "tokenExpired"])
    }

    public func onError(_ err: MobileTokenError?) throws {
        guard let err else { return }
        emit(["type": "error", "code": err.code, "message": err.message, "permanent": err.permanent])
    }
}
