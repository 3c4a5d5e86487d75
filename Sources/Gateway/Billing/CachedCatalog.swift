import NIOConcurrencyHelpers

/// What every request reads and almost nothing writes — keys with their accounts, prices, tiers —
/// kept in memory, so the request path reads the database for money only.
///
/// Invalidation is exact, not timed, and comes from the backend behind it: `catalogChanges()`
/// reports a change the moment this process commits it (SQLite: a transaction observer), and
/// changes by other processes (the CLI) as soon as the backend notices them (SQLite: the
/// trigger-maintained `catalog_version` row, checked every 250 ms; PostgreSQL: triggers NOTIFY a
/// channel every node LISTENs on). Each report drops the cache.
public final class CachedCatalog: CatalogStore {
    struct Caller: Sendable {
        var key: APIKeyRecord
        var account: Account
    }

    private struct State {
        var generation: UInt64 = 0
        /// The backend's change count the cached values were read at.
        var version: UInt64 = 0
        var callers: [String: Caller] = [:]
        var prices: [PriceEntry]?
        var tiers: [String: Tier]?
    }

    let base: any CatalogStore
    private let state = NIOLockedValueBox(State())
    /// Bounds the memory of the key cache; a full cache starts over.
    private let maxCallers = 100_000
    /// Drops the cache on each of the backend's reports, until the backend's stream ends.
    private let listener = NIOLockedValueBox<Task<Void, Never>?>(nil)

    public init(_ base: any CatalogStore) {
        self.base = base
        let changes = base.catalogChanges()
        let task = Task { [weak self] in
            for await _ in changes { self?.invalidate() }
        }
        listener.withLockedValue { $0 = task }
    }

    deinit { listener.withLockedValue { $0?.cancel() } }

    func invalidate() {
        state.withLockedValue { Self.drop(&$0) }
    }

    private static func drop(_ s: inout State) {
        s.generation &+= 1
        s.callers = [:]
        s.prices = nil
        s.tiers = nil
    }

    /// The cache as of the backend's latest change: dropped first if a change was reported
    /// that the listener has not handled yet.
    private func current<T>(_ read: (inout State) -> T) -> T {
        let version = base.catalogVersion()
        return state.withLockedValue { s in
            if s.version != version {
                Self.drop(&s)
                s.version = version
            }
            return read(&s)
        }
    }

    /// Returns the cached value, or loads it and caches it unless the cache was invalidated while
    /// loading (then the loaded value may already be stale, and is returned without caching).
    func caller(_ hash: String, load: () async throws -> Caller?) async throws -> Caller? {
        let (cached, generation) = current { ($0.callers[hash], $0.generation) }
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
        let (cached, generation) = current { ($0.prices, $0.generation) }
        if let cached { return cached }
        let loaded = try await load()
        state.withLockedValue { s in if s.generation == generation { s.prices = loaded } }
        return loaded
    }

    func tiers(load: () async throws -> [String: Tier]) async throws -> [String: Tier] {
        let (cached, generation) = current { ($0.tiers, $0.generation) }
        if let cached { return cached }
        let loaded = try await load()
        state.withLockedValue { s in if s.generation == generation { s.tiers = loaded } }
        return loaded
    }
}
