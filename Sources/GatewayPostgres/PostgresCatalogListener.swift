import Gateway
import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// Hears every committed catalogue change on the database — triggers notify `ideogate_catalog`
/// in the writing transaction — and reports it to this store's `CachedCatalog`s.
///
/// It LISTENs on a connection of its own, held for as long as it runs. A dropped connection
/// (a database restart, a network blip) is reopened after a short pause, and the reconnect is
/// reported as a change too: notifications sent while nobody listened are lost, so whatever
/// was cached may be stale.
final class PostgresCatalogListener: Sendable {
    static let channel = "ideogate_catalog"

    private let client: PostgresClient
    private let changes: CatalogChangeBroadcast
    /// The `application_name` of this store's connections: a notification carrying it is this
    /// process's own commit.
    private let origin: String
    private let logger: Logger
    private let running = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(client: PostgresClient, changes: CatalogChangeBroadcast, origin: String, logger: Logger) {
        self.client = client
        self.changes = changes
        self.origin = origin
        self.logger = logger
    }

    /// Starts listening unless it already does; runs until `stop()`.
    func start() {
        running.withLockedValue { task in
            guard task == nil else { return }
            task = Task { [self] in await listen() }
        }
    }

    func stop() {
        running.withLockedValue { task in
            task?.cancel()
            task = nil
        }
    }

    private func listen() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        // Listening now: anything cached before this moment may predate a change
                        // that was never heard (before the first start, or while reconnecting).
                        changes.publish(.committedElsewhere)
                        for try await notification in notifications {
                            changes.publish(notification.payload == origin ? .committedHere : .committedElsewhere)
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("catalogue listener lost its connection; reconnecting", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
}
