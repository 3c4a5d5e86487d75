import GRDB
import Gateway
import NIOConcurrencyHelpers

/// Notices catalogue changes other processes commit (the CLI beside a running server): a
/// trigger-maintained `catalog_version` row counts every change, and this reads it every
/// `interval` while anyone listens, reporting each new value.
final class CatalogVersionWatch: Sendable {
    private let pool: DatabasePool
    private let changes: CatalogChangeBroadcast
    private let interval: Duration
    private let running = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(pool: DatabasePool, changes: CatalogChangeBroadcast, interval: Duration = .milliseconds(250)) {
        self.pool = pool
        self.changes = changes
        self.interval = interval
    }

    /// Starts watching unless it already does. Call after subscribing: the watch ends by itself
    /// once nobody listens, and a watch ending at the same moment sees the new subscriber.
    func start() {
        running.withLockedValue { task in
            guard task == nil else { return }
            task = Task { [self] in await watch() }
        }
    }

    func stop() {
        running.withLockedValue { task in
            task?.cancel()
            task = nil
        }
    }

    private func watch() async {
        var seen: Int64?
        while !Task.isCancelled {
            let keepGoing = running.withLockedValue { task in
                if changes.hasSubscribers { return true }
                task = nil
                return false
            }
            guard keepGoing else { return }
            if let version = try? await pool.read({ db in
                try Int64.fetchOne(db, sql: "SELECT version FROM catalog_version WHERE id = 1") ?? 0
            }) {
                // The first reading counts as a change too: whatever was cached before it may
                // predate a change it would have revealed.
                if seen != version { changes.publish(.committedElsewhere) }
                seen = version
            }
            try? await Task.sleep(for: interval)
        }
    }
}
