// Not compiled on the build machine (Swift needs macOS and the xcframework): written to the
// shape of mobile/kotlin/dev/tokenrenew/ktx/{ForegroundResume,NetworkResume}.kt, which are
// compiled against Android stubs and run.
import Foundation
import Network
import UIKit

/// ForegroundResume pauses `target` when the app enters the background and resumes it when it
/// comes back to the foreground, from UIApplication's notifications. Keep it as long as the
/// renewer, or `close()` it. `inForeground` may be read from any thread.
///
///     let lifecycle = ForegroundResume(renewer)
///     let network = NetworkResume(renewer) { lifecycle.inForeground }
public final class ForegroundResume {
    private weak var target: Pausable?
    private let center: NotificationCenter
    private var observers: [NSObjectProtocol] = []
    private let lock = NSLock()
    private var foreground = true

    /// inForeground says the app is in the foreground (true until it first enters the background).
    public var inForeground: Bool {
        lock.lock(); defer { lock.unlock() }
        return foreground
    }

    public init(_ target: Pausable, center: NotificationCenter = .default) {
        self.target = target
        self.center = center
        observers.append(center.addObserver(forName: UIApplication.didEnterBackgroundNotification, object: nil, queue: .main) { [weak self] _ in
            self?.set(foreground: false)
        })
        observers.append(center.addObserver(forName: UIApplication.willEnterForegroundNotification, object: nil, queue: .main) { [weak self] _ in
            self?.set(foreground: true)
        })
    }

    private func set(foreground: Bool) {
        lock.lock()
        let changed = self.foreground != foreground
        self.foreground = foreground
        lock.unlock()
        guard changed else { return }
        if foreground {
            target?.resume()
        } else {
            target?.pause()
        }
    }

    /// Stops following the app's state.
    public func close() {
        for observer in observers { center.removeObserver(observer) }
        observers.removeAll()
    }

    deinit { close() }
}

/// NetworkResume resumes `target` when the network becomes usable again (NWPathMonitor's path
/// turns `.satisfied`, or switches interface), so that a retry waiting out its backoff runs at
/// once. While `foreground` says the app is in the background it does nothing.
public final class NetworkResume {
    private let monitor = NWPathMonitor()
    private weak var target: Pausable?
    private let foreground: () -> Bool
    private var last: NWPath?

    public init(_ target: Pausable, queue: DispatchQueue = DispatchQueue(label: "dev.tokenrenew.network"),
                foreground: @escaping () -> Bool = { true }) {
        self.target = target
        self.foreground = foreground
        monitor.pathUpdateHandler = { [weak self] path in self?.update(path) }
        monitor.start(queue: queue)
    }

    private func update(_ path: NWPath) {
        let previous = last
        last = path
        guard path.status == .satisfied, let previous else { return } // the first path is the current one
        let back = previous.status != .satisfied || previous.availableInterfaces.first?.type != path.availableInterfaces.first?.type
        if back && foreground() { target?.resume() }
    }

    /// Stops following the network.
    public func close() { monitor.cancel() }

    deinit { close() }
}
