import NIOConcurrencyHelpers

/// Decides when a key's "last used" time is worth writing: once a minute per key. It is for
/// people, and a write per request would cost every request a transaction. Shared by every
/// backend, so they throttle alike; a lost write only makes "last used" a minute older.
public final class KeyUseThrottle: Sendable {
    private let seen = NIOLockedValueBox<[String: Millis]>([:])

    public init() {}

    /// True when the use at `at` should be written now.
    public func shouldRecord(id: String, at: Millis) -> Bool {
        seen.withLockedValue { seen in
            if let last = seen[id], at - last < 60_000 { return false }
            // Bounded memory: forgetting only means one extra write per key.
            if seen.count > 100_000 { seen = [:] }
            seen[id] = at
            return true
        }
    }
}
