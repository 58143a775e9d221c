// Not built on the build machine: needs Xcode, dist/Tokenrenew.xcframework (`make ios` on a Mac)
// and the Agora iOS SDK (AgoraRtcKit).
import AgoraRtcKit
import Foundation
import Tokenrenew
import UIKit

/// TokenRenewal keeps an Agora RTC token fresh for one channel: it joins with the first token and
/// hands every later one to `renewToken`, always on the main queue.
///
/// tokenrenew calls its listener on a Go thread, never the main thread: every callback below hops
/// to `DispatchQueue.main` before it touches the engine or the UI.
final class TokenRenewal: NSObject, MobileListenerProtocol, AgoraRtcEngineDelegate {
    private var renewer: MobileRenewer!
    private var engine: AgoraRtcEngineKit!
    private var joined = false
    private let channel: String
    private let uid: UInt
    private var foreground: NSObjectProtocol?
    private var background: NSObjectProtocol?

    /// Called on the main queue when the user must sign in again (the token server said 401/403).
    var onSignInNeeded: (() -> Void)?

    init(appId: String, tokenServer: String, channel: String, uid: UInt) throws {
        self.channel = channel
        self.uid = uid
        super.init()
        engine = AgoraRtcEngineKit.sharedEngine(withAppId: appId, delegate: self)

        let config = MobileConfig()!
        config.setURL(tokenServer + "/getToken") // the Agora community token service
        config.setProfile("agora")
        config.setChannel(channel)
        config.setUID(String(uid))
        config.setStore(KeychainStore(account: "agora-\(channel)")) // a valid stored token needs no round trip
        renewer = MobileRenewer(config, listener: self) // never fails: start() throws for a bad config

        // In the background: no retry, no timer. Back: the device may have slept through a
        // renewal, so check at once.
        foreground = NotificationCenter.default.addObserver(
            forName: UIApplication.willEnterForegroundNotification, object: nil, queue: .main
        ) { [weak self] _ in self?.renewer.resume() }
        background = NotificationCenter.default.addObserver(
            forName: UIApplication.didEnterBackgroundNotification, object: nil, queue: .main
        ) { [weak self] _ in self?.renewer.pause() }
    }

    func start() throws { try renewer.start() }

    func stop() {
        for observer in [foreground, background].compactMap({ $0 }) {
            NotificationCenter.default.removeObserver(observer)
        }
        renewer.stop()
        engine.leaveChannel(nil)
    }

    // MARK: MobileListenerProtocol: called on a Go thread, one call at a time.

    func onRenewToken(_ renewed: MobileToken?) throws {
        guard let token = renewed?.value else { return }
        DispatchQueue.main.async { [self] in
            if joined {
                engine.renewToken(token)
            } else {
                engine.joinChannel(byToken: token, channelId: channel, info: nil, uid: uid, joinSuccess: nil)
                joined = true
            }
        }
    }

    func onTokenWillExpire(_ token: MobileToken?, msLeft: Int64) throws {}

    func onTokenExpired(_ token: MobileToken?) throws {
        DispatchQueue.main.async { print("token expired; tokenrenew keeps trying") }
    }

    func onError(_ err: MobileTokenError?) throws {
        guard let err else { return }
        let (code, message, permanent) = (err.code, err.message, err.permanent)
        DispatchQueue.main.async { [self] in
            switch code {
            case MobileErrorCodeUnauthorized, MobileErrorCodeForbidden:
                onSignInNeeded?() // after sign-in, call renewer.refresh(…) to go on
            default:
                print("token renewal failed (code \(code), permanent \(permanent)): \(message)")
            }
        }
    }

    // MARK: AgoraRtcEngineDelegate: called on the main queue.

    func rtcEngine(_ engine: AgoraRtcEngineKit, tokenPrivilegeWillExpire token: String) {
        renewer.resume() // tokenrenew renews ahead of this; make it check now
    }

    func rtcEngineRequestToken(_ engine: AgoraRtcEngineKit) {
        renewer.invalidate("") // the engine rejected the current token: fetch a new one at once
    }
}
