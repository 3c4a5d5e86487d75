import NIOConcurrencyHelpers

/// A change to keys, accounts, prices or tiers, as a backend reports it to catalogue caches.
public enum CatalogChange: Sendable, Equatable {
    /// This process committed it; reported the moment the commit lands.
    case committedHere
    /// Another process (the CLI) or node committed it; reported when the backend notices.
    case committedElsewhere
}

/// Hands a backend's catalogue changes to every subscriber (each `CachedCatalog`). Any backend
/// can use it, so a backend only has to say when something changed.
public final class CatalogChangeBroadcast: Sendable {
    private struct State {
        var nextID = 0
        var subscribers: [Int: AsyncStream<CatalogChange>.Continuation] = [:]
        var finished = false
        var version: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Whether anyone still listens; a backend can stop watching for changes when nobody does.
    public var hasSubscribers: Bool { state.withLockedValue { !$0.subscribers.isEmpty } }

    /// A stream of every change from now on, until `finish()` or until the subscriber stops
    /// iterating. Only the newest change is buffered: each one means "drop everything".
    public func subscribe() -> AsyncStream<CatalogChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: CatalogChange.self, bufferingPolicy: .bufferingNewest(1))
        let id: Int? = state.withLockedValue { s in
            guard !s.finished else { return nil }
            defer { s.nextID += 1 }
            s.subscribers[s.nextID] = continuation
            return s.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLockedValue { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    public func publish(_ change: CatalogChange) {
        let subscribers = state.withLockedValue { s in
            s.version &+= 1
            return Array(s.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(change) }
    }

    /// Counts every change published so far. A cache compares it on each read, so a change this
    /// process committed is seen by its very next request, before a subscriber's task has run:
    /// a key revoked through the API is refused on the next call, not a moment later.
    public var version: UInt64 { state.withLockedValue { $0.version } }

    /// Ends every stream; later subscribers get a stream that has already ended.
    public func finish() {
        let subscribers = state.withLockedValue { s in
            s.finished = true
            defer { s.subscribers = [:] }
            return Array(s.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}
