import Foundation
import GRDB
import NIOConcurrencyHelpers

/// What every request reads and almost nothing writes — keys with their accounts, prices, tiers —
/// kept in memory, so the request path reads the database for money only.
///
/// Invalidation is exact, not timed: a transaction observer on this process's database pool
/// drops the cache the moment a change commits here (the admin API), and the trigger-maintained
/// `catalog_version` row tells it about commits by other processes (the CLI), checked at most
/// every `crossProcessCheck`.
final class CatalogCache: Sendable {
    struct Caller: Sendable {
        var key: APIKeyRecord
        var account: Account
    }

    private struct State {
        var generation: UInt64 = 0
        var databaseVersion: Int64 = -1
        var lastVersionCheck: ContinuousClock.Instant?
        var callers: [String: Caller] = [:]
        var prices: [PriceEntry]?
        var tiers: [String: Tier]?
    }

    private let state = NIOLockedValueBox(State())
    private let crossProcessCheck: Duration
    /// Bounds the memory of the key cache; a full cache starts over.
    private let maxCallers = 100_000

    init(crossProcessCheck: Duration = .milliseconds(250)) {
        self.crossProcessCheck = crossProcessCheck
    }

    func invalidate() {
        state.withLockedValue {
            $0.generation &+= 1
            $0.callers = [:]
            $0.prices = nil
            $0.tiers = nil
        }
    }

    /// Reads `catalog_version` when the last check is older than `crossProcessCheck`, and drops
    /// the cache if another process changed the catalogue since.
    func refreshIfStale(_ pool: DatabasePool) async throws {
        let due = state.withLockedValue { s -> Bool in
            let now = ContinuousClock.now
            if let last = s.lastVersionCheck, now - last < crossProcessCheck { return false }
            s.lastVersionCheck = now
            return true
        }
        guard due else { return }
        let version = try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT version FROM catalog_version WHERE id = 1") ?? 0
        }
        let changed = state.withLockedValue { s -> Bool in
            defer { s.databaseVersion = version }
            return s.databaseVersion != version
        }
        if changed { invalidate() }
    }

    /// Returns the cached value, or loads it and caches it unless the cache was invalidated while
    /// loading (then the loaded value may already be stale, and is returned without caching).
    func caller(_ hash: String, load: () async throws -> Caller?) async throws -> Caller? {
        let (cached, generation) = state.withLockedValue { ($0.callers[hash], $0.generation) }
        if let cached { return cached }
        guard let loaded = try await load() else { return nil }
        state.withLockedValue { s in
            guard s.generation == generation else { return }
            if s.callers.count >= maxCallers { s.callers = [:] }
            s.callers[hash] = loaded
        }
        return loaded
    }

    func prices(load: () async throws -> [PriceEntry]) async throws -> [PriceEntry] {
        let (cached, generation) = state.withLockedValue { ($0.prices, $0.generation) }
        if let cached { return cached }
        let loaded = try await load()
        state.withLockedValue { s in if s.generation == generation { s.prices = loaded } }
        return loaded
    }

    func tiers(load: () async throws -> [String: Tier]) async throws -> [String: Tier] {
        let (cached, generation) = state.withLockedValue { ($0.tiers, $0.generation) }
        if let cached { return cached }
        let loaded = try await load()
        state.withLockedValue { s in if s.generation == generation { s.tiers = loaded } }
        return loaded
    }
}

/// Drops the catalogue cache when a transaction of this process that touched it commits.
/// Balance and spend updates — every request makes them — do not count.
final class CatalogObserver: TransactionObserver, @unchecked Sendable {
    private let cache: CatalogCache
    /// Only touched on the writer's queue, one transaction at a time.
    private var touched = false

    init(cache: CatalogCache) { self.cache = cache }

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
        if touched { cache.invalidate() }
        touched = false
    }

    func databaseDidRollback(_ db: Database) { touched = false }
}
