import Foundation
import Gateway
import PostgresNIO

/// Nodes sharing the database (DESIGN.md §8): heartbeats, and the image-slot leases that keep
/// each channel's in-flight limit across every node.
extension PostgresStore {
    public var servesSeveralNodes: Bool { true }

    public func heartbeat(_ node: NodeRecord, leasesUntil: Millis) async throws {
        try await write { s in
            try await s.execute("""
                INSERT INTO nodes (id, host, started_at, last_seen) VALUES (\(node.id), \(node.host), \(node.startedAt), \(node.lastSeen))
                ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen
                """)
            try await s.execute("UPDATE slot_leases SET expires_at = \(leasesUntil) WHERE node_id = \(node.id)")
        }
    }

    public func nodes() async throws -> [NodeRecord] {
        try await session { s in
            try await s.rows("SELECT * FROM nodes ORDER BY started_at, id").map { r in
                NodeRecord(id: try r.get("id"), host: try r.get("host"), startedAt: try r.get("started_at"), lastSeen: try r.get("last_seen"))
            }
        }
    }

    public func removeNode(id: String) async throws {
        try await write { s in
            try await s.execute("DELETE FROM slot_leases WHERE node_id = \(id)")
            try await s.execute("DELETE FROM nodes WHERE id = \(id)")
        }
    }

    /// The sum and the insert are one decision: a transaction-scoped advisory lock per channel
    /// serialises the leases of one channel across every node, and only those.
    public func leaseSlots(_ lease: SlotLease, limit: Int, now: Millis) async throws -> Bool {
        try await write { s in
            try await s.execute("SELECT pg_advisory_xact_lock(hashtext('ideogate-slots:' || \(lease.channelID)::TEXT)::BIGINT)")
            return try await s.execute("""
                INSERT INTO slot_leases (id, channel_id, node_id, images, expires_at)
                SELECT \(lease.id), \(lease.channelID), \(lease.node), \(lease.images), \(lease.expiresAt)
                WHERE (SELECT COALESCE(SUM(images), 0) FROM slot_leases WHERE channel_id = \(lease.channelID) AND expires_at > \(now))
                    + \(lease.images) <= \(limit)
                RETURNING 1
                """) == 1
        }
    }

    public func releaseSlots(leaseID: String) async throws {
        try await write { s in try await s.execute("DELETE FROM slot_leases WHERE id = \(leaseID)") }
    }

    public func leasedSlots(channelID: String, now: Millis) async throws -> Int {
        try await session { s in
            Int(try await s.value(Int64.self, "SELECT COALESCE(SUM(images), 0)::BIGINT FROM slot_leases WHERE channel_id = \(channelID) AND expires_at > \(now)") ?? 0)
        }
    }
}
