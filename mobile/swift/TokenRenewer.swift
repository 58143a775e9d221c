// Not compiled on the build machine (Swift needs macOS and the xcframework): written to the
// shape of mobile/kotlin/dev/tokenrenew/ktx/TokenRenewer.kt, which is compiled and run.
import Foundation
import Tokenrenew

/// TokenEvent is what happens to the token, as `TokenRenewer.events` delivers it.
public enum TokenEvent {
    /// A new token: hand `token.value` to the SDK (Agora's renewToken).
    case renewed(MobileToken)
    /// The token expires in `msLeft` ms and no fresher one has arrived yet.
    case willExpire(MobileToken, msLeft: Int64)
    /// The token expired with no replacement; renewal goes on trying.
    case expired(MobileToken)
    /// A fetch failed; when `error.permanent`, renewal waits for refresh or resume.
    case failed(TokenRenewError)
}

/// Pausable is what the lifecycle and network helpers drive: TokenRenewer is one.
public protocol Pausable: AnyObject {
    func pause()
    func resume()
}

/// TokenRenewer keeps one token fresh: Swift over the tokenrenew binding.
///
///     let renewer = try TokenRenewer(config: config)    // starts; throws TokenRenewError
///     let token = try await renewer.token()             // suspends until a token is there
///     for await event in renewer.events { ... }         // .renewed, .willExpire, .expired, .failed
///     renewer.close()
///
/// `init` starts renewal and throws `.config`, `.insecureURL` or `.wrongIdentity` when the
/// config is not usable. It does not wait for the Store: the stored token is read on a thread
/// of the binding, so `init` may run on the main thread with a Keychain-backed Store, and
/// `token()` waits for that read within its own wait. Every method is safe to call from any
/// thread; none blocks: `token()` and `refresh()` suspend, and a cancelled task ends their wait
/// at once.
public final class TokenRenewer: Pausable {
    private let renewer: MobileRenewer
    private let listener: Events

    /// Every event, in order, from the moment the renewer is made; it keeps the newest
    /// `eventCapacity` unread ones and finishes on `close()`. Iterate it from one task.
    public let events: AsyncStream<TokenEvent>

    public init(config: MobileConfig, eventCapacity: Int = 64) throws {
        var continuation: AsyncStream<TokenEvent>.Continuation!
        events = AsyncStream(bufferingPolicy: .bufferingNewest(eventCapacity)) { continuation = $0 }
        listener = Events(continuation)
        renewer = MobileRenewer(config, listener: listener)!
        do {
            try renewer.start()
        } catch {
            close()
            throw TokenRenewError(thrown: error, permanent: true)
        }
    }

    deinit { close() }

    /// The current token, with its expiry, issue time and extras: at once while one is valid,
    /// otherwise after waiting across the retries of transient failures. Throws the
    /// `TokenRenewError` of a permanent failure, `.stopped` after `close()`, and
    /// `CancellationError` when the task is cancelled (the renewal goes on).
    public func token() async throws -> MobileToken {
        if let token = renewer.current() { return token }
        return try await wait { try self.renewer.awaitToken($0) }
    }

    /// Fetches a new token now (or joins the fetch under way). Also ends the wait after a
    /// permanent failure: call it after the user signs in again.
    public func refresh() async throws -> MobileToken {
        try await wait { try self.renewer.awaitRefresh($0) }
    }

    /// The token held while it is valid, else nil. It never waits and never fetches.
    public var current: MobileToken? { renewer.current() }

    /// The service rejected `rejected` ("" for the current token): fetch a new one at once.
    public func invalidate(_ rejected: String = "") { renewer.invalidate(rejected) }

    /// The app went to the background: no retry and no timer until `resume()`.
    public func pause() { renewer.pause() }

    /// The app is back or online: a missed renewal runs now, a permanent wait ends.
    public func resume() { renewer.resume() }

    /// Counters and the current state.
    public var stats: MobileStats { renewer.stats()! }

    /// Stops renewal and returns at once: waiting `token()` calls throw `.stopped`, `events`
    /// finishes. Later calls do nothing.
    public func close() {
        renewer.stop()
        listener.finish()
    }

    /// wait runs call on a global queue and suspends until it returns; cancelling the task
    /// cancels the binding's wait.
    private func wait(_ call: @escaping (MobileWait) throws -> MobileToken?) async throws -> MobileToken {
        let wait = MobileWait(0)!
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (cont: CheckedContinuation<MobileToken, Error>) in
                    DispatchQueue.global(qos: .userInitiated).async {
                        do {
                            guard let token = try call(wait) else {
                                throw TokenRenewError(code: MobileErrorCodeInternal, message: "no token", permanent: false)
                            }
                            cont.resume(returning: token)
                        } catch let error as TokenRenewError {
                            cont.resume(throwing: error)
                        } catch {
                            cont.resume(throwing: wait.failure().map(TokenRenewError.init) ?? TokenRenewError(thrown: error, permanent: false))
                        }
                    }
                }
            } onCancel: {
                wait.cancel()
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    /// Events turns the binding's listener calls, on Go threads, into stream events.
    private final class Events: NSObject, MobileListenerProtocol {
        private let continuation: AsyncStream<TokenEvent>.Continuation

        init(_ continuation: AsyncStream<TokenEvent>.Continuation) { self.continuation = continuation }

        func finish() { continuation.finish() }

        func onRenewToken(_ token: MobileToken?) throws {
            if let token { continuation.yield(.renewed(token)) }
        }

        func onTokenWillExpire(_ token: MobileToken?, msLeft: Int64) throws {
            if let token { continuation.yield(.willExpire(token, msLeft: msLeft)) }
        }

        func onTokenExpired(_ token: MobileToken?) throws {
            if let token { continuation.yield(.expired(token)) }
        }

        func onError(_ err: MobileTokenError?) throws {
            if let err { continuation.yield(.failed(TokenRenewError(err))) }
        }
    }
}
