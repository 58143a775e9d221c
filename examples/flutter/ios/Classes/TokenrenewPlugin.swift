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
    private let background = DispatchQueue(label: "dev.tokenrenew.calls", attributes: .concurrent)

    public static func register(with registrar: FlutterPluginRegistrar) {
        let plugin = TokenrenewPlugin()
        let methods = FlutterMethodChannel(name: "dev.tokenrenew/methods", binaryMessenger: registrar.messenger())
        registrar.addMethodCallDelegate(plugin, channel: methods)
        FlutterEventChannel(name: "dev.tokenrenew/events", binaryMessenger: registrar.messenger()).setStreamHandler(plugin)
    }

    public func handle(_ call: FlutterMethodCall, result: @escaping FlutterResult) {
        let args = call.arguments as? [String: Any] ?? [:]
        if call.method == "start" { return start(args, result: result) }
        guard let r = renewer else {
            return result(FlutterError(code: "\(MobileErrorCodeNotStarted)", message: "not started", details: ["permanent": true]))
        }
        switch call.method {
        case "token", "refresh":
            let wait = MobileWait((args["timeoutMs"] as? NSNumber)?.int64Value ?? 10_000)!
            background.async {
                do {
                    let token = call.method == "token" ? try r.awaitToken(wait) : try r.awaitRefresh(wait)
                    DispatchQueue.main.async { result(tokenMap(token)) }
                } catch {
                    let f = wait.failure()
                    let e = FlutterError(code: "\(f?.code ?? MobileErrorCodeInternal)", message: f?.message ?? error.localizedDescription,
                                         details: ["permanent": f?.permanent ?? false])
                    DispatchQueue.main.async { result(e) }
                }
            }
        case "current": result(r.current().map(tokenMap))
        case "invalidate": r.invalidate(args["token"] as? String ?? ""); result(nil)
        case "pause": r.pause(); result(nil)
        case "resume": r.resume(); result(nil)
        case "stop": r.stop(); renewer = nil; result(nil)
        default: result(FlutterMethodNotImplemented)
        }
    }

    private func start(_ args: [String: Any], result: FlutterResult) {
        renewer?.stop()
        renewer = nil
        let cfg: MobileConfig
        do {
            cfg = try config(from: args)
        } catch let e as OptionError {
            return result(FlutterError(code: "\(MobileErrorCodeConfig)", message: e.message, details: ["permanent": true]))
        } catch {
            return result(FlutterError(code: "\(MobileErrorCodeConfig)", message: "\(error)", details: ["permanent": true]))
        }
        let r = MobileRenewer(cfg, listener: self)!
        do {
            try r.start()
        } catch {
            let text = error.localizedDescription
            let message = text.range(of: ": ").map { String(text[$0.upperBound...]) } ?? text
            return result(FlutterError(code: "\(MobileCodeOf(text))", message: message, details: ["permanent": true]))
        }
        renewer = r
        result(nil)
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
        emit(["type": "renewToken", "token": tokenMap(token)])
    }

    public func onTokenWillExpire(_ token: MobileToken?, msLeft: Int64) throws {
        guard let token else { return }
        emit(["type": "tokenWillExpire", "token": tokenMap(token), "msLeft": msLeft])
    }

    public func onTokenExpired(_ token: MobileToken?) throws {
        guard let token else { return }
        emit(["type": "tokenExpired", "token": tokenMap(token)])
    }

    public func onError(_ err: MobileTokenError?) throws {
        guard let err else { return }
        emit(["type": "error", "code": err.code, "message": err.message, "permanent": err.permanent])
    }
}
