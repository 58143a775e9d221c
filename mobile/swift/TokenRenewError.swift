// Not compiled on the build machine (Swift needs macOS and the xcframework): written to the
// shape of mobile/kotlin/dev/tokenrenew/ktx/TokenRenewException.kt, which is compiled and run.
import Foundation
import Tokenrenew

/// TokenRenewError is every failure of tokenrenew, one case per error code, so that a `switch`
/// over it is exhaustive and a `catch` can name the one it handles:
///
///     do { let token = try await renewer.token() }
///     catch TokenRenewError.unauthorized { showSignIn() }
///
/// Every case carries the same `Info`: the code, a message without secrets, and whether the
/// failure is permanent (renewal waits for `refresh()` or `resume()`).
public enum TokenRenewError: Error, CustomStringConvertible {
    /// What every case carries.
    public struct Info: Sendable {
        public let code: Int64
        public let message: String
        public let permanent: Bool
    }

    case `internal`(Info)
    case config(Info)
    case insecureURL(Info)
    case unauthorized(Info)
    case forbidden(Info)
    case originNotAllowed(Info)
    case httpStatus(Info)
    case network(Info)
    case timeout(Info)
    case noToken(Info)
    case invalidToken(Info)
    case malformedResponse(Info)
    case responseTooLarge(Info)
    case alreadyExpired(Info)
    case noProgress(Info)
    case expired(Info)
    case notStarted(Info)
    case stopped(Info)
    case store(Info)
    case redirect(Info)
    case shortLifetime(Info)
    case reentrant(Info)
    case wrongIdentity(Info)
    case alreadyStarted(Info)
    case canceled(Info)
    /// A code this layer does not know yet: a binding newer than this file.
    case unknown(Info)

    /// The error for a code, a message and a permanence.
    public init(code: Int64, message: String, permanent: Bool) {
        let i = Info(code: code, message: message, permanent: permanent)
        switch code {
        case MobileErrorCodeInternal: self = .internal(i)
        case MobileErrorCodeConfig: self = .config(i)
        case MobileErrorCodeInsecureURL: self = .insecureURL(i)
        case MobileErrorCodeUnauthorized: self = .unauthorized(i)
        case MobileErrorCodeForbidden: self = .forbidden(i)
        case MobileErrorCodeOriginNotAllowed: self = .originNotAllowed(i)
        case MobileErrorCodeHTTPStatus: self = .httpStatus(i)
        case MobileErrorCodeNetwork: self = .network(i)
        case MobileErrorCodeTimeout: self = .timeout(i)
        case MobileErrorCodeNoToken: self = .noToken(i)
        case MobileErrorCodeInvalidToken: self = .invalidToken(i)
        case MobileErrorCodeMalformedResponse: self = .malformedResponse(i)
        case MobileErrorCodeResponseTooLarge: self = .responseTooLarge(i)
        case MobileErrorCodeAlreadyExpired: self = .alreadyExpired(i)
        case MobileErrorCodeNoProgress: self = .noProgress(i)
        case MobileErrorCodeExpired: self = .expired(i)
        case MobileErrorCodeNotStarted: self = .notStarted(i)
        case MobileErrorCodeStopped: self = .stopped(i)
        case MobileErrorCodeStore: self = .store(i)
        case MobileErrorCodeRedirect: self = .redirect(i)
        case MobileErrorCodeShortLifetime: self = .shortLifetime(i)
        case MobileErrorCodeReentrant: self = .reentrant(i)
        case MobileErrorCodeWrongIdentity: self = .wrongIdentity(i)
        case MobileErrorCodeAlreadyStarted: self = .alreadyStarted(i)
        case MobileErrorCodeCanceled: self = .canceled(i)
        default: self = .unknown(i)
        }
    }

    /// The error for the binding's TokenError (Listener.onError, MobileWait.failure()).
    public init(_ e: MobileTokenError) {
        self.init(code: e.code, message: e.message, permanent: e.permanent)
    }

    /// The error for an NSError the binding threw ("tokenrenew error N: text").
    init(thrown error: Error, permanent: Bool) {
        let text = (error as NSError).localizedDescription
        let code = MobileCodeOf(text)
        let message = text.range(of: ": ").map { String(text[$0.upperBound...]) } ?? text
        self.init(code: code == MobileErrorCodeNone ? MobileErrorCodeInternal : code, message: message, permanent: permanent)
    }

    /// What the case carries.
    public var info: Info {
        switch self {
        case .internal(let i), .config(let i), .insecureURL(let i), .unauthorized(let i), .forbidden(let i),
             .originNotAllowed(let i), .httpStatus(let i), .network(let i), .timeout(let i), .noToken(let i),
             .invalidToken(let i), .malformedResponse(let i), .responseTooLarge(let i), .alreadyExpired(let i),
             .noProgress(let i), .expired(let i), .notStarted(let i), .stopped(let i), .store(let i),
             .redirect(let i), .shortLifetime(let i), .reentrant(let i), .wrongIdentity(let i), .alreadyStarted(let i),
             .canceled(let i), .unknown(let i):
            return i
        }
    }

    public var code: Int64 { info.code }
    public var permanent: Bool { info.permanent }
    public var description: String { "tokenrenew error \(info.code): \(info.message)\(info.permanent ? " (permanent)" : "")" }
}
