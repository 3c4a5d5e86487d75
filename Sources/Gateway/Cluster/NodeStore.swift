/// What several gateway nodes share about each other through the database: who is alive, and
/// which image slots of each channel are taken (DESIGN.md §8).
public protocol NodeStore: Sendable {
    /// True when several gateway processes may serve from this store at once (PostgreSQL). The
    /// embedded SQLite file has one process, so nothing there waits on another node: slots stay
    /// in memory and every hold still open at start-up belongs to a run that died.
    var servesSeveralNodes: Bool { get }

    /// Records that `node` is alive (inserting it the first time) and moves the expiry of its
    /// slot leases to `leasesUntil`.
    func heartbeat(_ node: NodeRecord, leasesUntil: Millis) async throws
    func nodes() async throws -> [NodeRecord]
    /// Forgets a node that stopped or died, with its slot leases. Its holds, tasks and
    /// Idempotency-Keys are released separately, by whoever calls this.
    func removeNode(id: String) async throws

    /// Takes `lease.images` slots of `lease.channelID` if the unexpired leases of every node,
    /// plus these, stay within `limit`. One atomic step, so two nodes never both take the last
    /// slot. Returns false, taking nothing, when they would not.
    func leaseSlots(_ lease: SlotLease, limit: Int, now: Millis) async throws -> Bool
    /// Gives a lease back. Releasing a lease twice, or one that expired, changes nothing.
    func releaseSlots(leaseID: String) async throws
    /// The slots of a channel held by unexpired leases, for status pages and tests.
    func leasedSlots(channelID: String, now: Millis) async throws -> Int
}

/// A gateway process as the others see it.
public struct NodeRecord: Sendable, Equatable {
    public var id: String
    /// Where it runs, for the operator's eyes only.
    public var host: String
    public var startedAt: Millis
    public var lastSeen: Millis

    public init(id: String, host: String, startedAt: Millis, lastSeen: Millis) {
        self.id = id
        self.host = host
        self.startedAt = startedAt
        self.lastSeen = lastSeen
    }
}

/// Image slots one node took on one channel for one upstream call. It expires at `expiresAt`
/// unless the node's heartbeat moves it on, so a dead node's slots come back by themselves.
public struct SlotLease: Sendable, Equatable {
    public var id: String
    public var channelID: String
    public var node: String
    public var images: Int
    public var expiresAt: Millis

    public init(id: String, channelID: String, node: String, images: Int, expiresAt: Millis) {
        self.id = id
        self.channelID = channelID
        self.node = node
        self.images = images
        self.expiresAt = expiresAt
    }
}
