import Foundation
import Logging

/// This node's heartbeat, and the release of what dead nodes left open (DESIGN.md §8).
///
/// A node is alive while its last heartbeat is younger than the horizon. Only then does another
/// node touch its work: its open holds are released, its unfinished tasks failed (never run
/// twice, never charged), its in-progress Idempotency-Keys freed, and its row removed. Every step
/// is idempotent, so several nodes reaping the same dead node at once release it once.
///
/// On the embedded store there is one process by definition, so every other node is dead the
/// moment this one starts: a restart releases its previous run's holds at once, as before.
struct NodeRegistry: Sendable {
    let store: any NodeStore & LedgerStore & ChannelStore & TaskStore
    let identity: NodeIdentity
    let horizon: Duration
    let logger: Logger
    /// Whether other nodes may share the store; the store's own answer unless a test says otherwise.
    let shared: Bool
    /// The time, from the clock unless a test moves it.
    let now: @Sendable () -> Millis

    init(
        store: any NodeStore & LedgerStore & ChannelStore & TaskStore, identity: NodeIdentity, horizon: Duration, logger: Logger,
        shared: Bool? = nil, now: @escaping @Sendable () -> Millis = { Date().millis }
    ) {
        self.store = store
        self.identity = identity
        self.horizon = horizon
        self.logger = logger
        self.shared = shared ?? store.servesSeveralNodes
        self.now = now
    }

    /// How often the heartbeat runs: often enough that a few missed beats stay within the horizon.
    var interval: Duration { horizon / 5 }

    func beat() async throws {
        let now = self.now()
        try await store.heartbeat(identity.record(at: now), leasesUntil: now + horizon.millis)
    }

    /// The nodes whose work must be left alone, read after the work itself was listed: a node
    /// always heartbeats before it holds or claims anything, so work seen first has its node in
    /// this later list unless that node is dead.
    func aliveNodes(now: Millis) async throws -> Set<String> {
        guard shared else { return [identity.id] }
        let cutoff = now - horizon.millis
        return Set(try await store.nodes().filter { $0.lastSeen >= cutoff }.map(\.id)).union([identity.id])
    }

    struct Reaped: Equatable {
        var holds = 0
        var tasks = 0
        var claims = 0
        var nodes = 0
        var isEmpty: Bool { self == Reaped() }
    }

    /// Releases the work of every node that is not alive, then forgets those nodes.
    @discardableResult
    func reap(tasks: TaskRunner) async throws -> Reaped {
        var reaped = Reaped()
        let holds = try await store.openHolds(olderThan: .max)
        let unfinished = try await store.unfinishedTasks()
        let alive = try await aliveNodes(now: now())
        let dead = try await store.nodes().map(\.id).filter { !alive.contains($0) }
        let isDead: (String?) -> Bool = { node in node.map { !alive.contains($0) } ?? true }
        reaped.holds = try await Ledger.sweep(store: store, releasing: holds.filter { isDead($0.node) }, logger: logger)
        reaped.tasks = await tasks.fail(unfinished.filter { isDead($0.node) })
        reaped.claims = try await store.abandonUnfinishedIdempotencyKeys(ofNodes: dead)
        for node in dead {
            try await store.removeNode(id: node)
            reaped.nodes += 1
        }
        if !reaped.isEmpty, shared {
            logger.notice("released the work of nodes that stopped answering", metadata: [
                "nodes": "\(dead.joined(separator: ","))", "holds": "\(reaped.holds)", "tasks": "\(reaped.tasks)",
                "claims": "\(reaped.claims)",
            ])
        }
        return reaped
    }

    /// At a clean shutdown, after the server and the tasks stopped: this node's own holds will
    /// never be settled now, and the others need not wait a horizon to know it is gone.
    func leave() async throws -> Int {
        let own = try await store.openHolds(olderThan: .max).filter { $0.node == identity.id || ($0.node == nil && !shared) }
        let released = try await Ledger.sweep(store: store, releasing: own, logger: logger)
        _ = try await store.abandonUnfinishedIdempotencyKeys(ofNodes: [identity.id])
        try await store.removeNode(id: identity.id)
        return released
    }
}
