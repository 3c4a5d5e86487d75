import GRDB
import Gateway

/// Reports a catalogue change when a transaction of this process that touched it commits.
/// Balance and spend updates — every request makes them — do not count.
final class CatalogObserver: TransactionObserver, @unchecked Sendable {
    private let changes: CatalogChangeBroadcast
    /// Only touched on the writer's queue, one transaction at a time.
    private var touched = false

    init(changes: CatalogChangeBroadcast) { self.changes = changes }

    static let watchedColumns: [String: Set<String>?] = [
        "api_keys": ["revoked_at", "expires_at", "scope", "label", "account_id", "hash", "is_test"],
        "accounts": ["tier", "disabled_at", "name"],
        "prices": nil, "tiers": nil, "settings": nil,
    ]

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        switch eventKind {
        case .insert(let table), .delete(let table):
            return Self.watchedColumns.keys.contains(table)
        case .update(let table, let columns):
            guard let watched = Self.watchedColumns[table] else { return false }
            return watched.map { !$0.isDisjoint(with: columns) } ?? true
        }
    }

    func databaseDidChange(with event: DatabaseEvent) { touched = true }

    func databaseDidCommit(_ db: Database) {
        if touched { changes.publish(.committedHere) }
        touched = false
    }

    func databaseDidRollback(_ db: Database) { touched = false }
}
