import Foundation
import Gateway
import GRDB

/// Nodes on the embedded store: one process, so heartbeats are kept (the operator's `nodes`
/// listing, a restart's reaping) but slots are never leased here — the scheduler's memory is
/// the whole truth.
extension SQLiteStore {
    public var servesSeveralNodes: Bool { false }

    public func heartbeat(_ node: NodeRecord, leasesUntil: Millis) async throws {
        try await batcher.write { db in
            try db.execute(
                sql: """
                    INSERT INTO nodes (id, host, started_at, last_seen) VALUES (?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET last_seen = excluded.last_seen
                    """,
                arguments: [node.id, node.host, node.startedAt, node.lastSeen])
            try db.execute(sql: "UPDATE slot_leases SET expires_at = ? WHERE node_id = ?", arguments: [leasesUntil, node.id])
        }
    }

    public func nodes() async throws -> [NodeRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM nodes ORDER BY started_at").map {
                NodeRecord(id: $0["id"], host: $0["host"], startedAt: $0["started_at"], lastSeen: $0["last_seen"])
            }
        }
    }

    public func removeNode(id: String) async throws {
        try await batcher.write { db in
            try db.execute(sql: "DELETE FROM slot_leases WHERE node_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM nodes WHERE id = ?", arguments: [id])
        }
    }

    public func leaseSlots(_ lease: SlotLease, limit: Int, now: Millis) async throws -> Bool {
        // Writes are serialised on one connection, so reading the sum and inserting in one
        // write is already atomic here.
        try await batcher.write { db in
            try db.execute(
                sql: """
                    INSERT INTO slot_leases (id, channel_id, node_id, images, expires_at)
                    SELECT ?, ?, ?, ?, ?
                    WHERE (SELECT COALESCE(SUM(images), 0) FROM slot_leases WHERE channel_id = ? AND expires_at > ?) + ? <= ?
                    """,
                arguments: [lease.id, lease.channelID, lease.node, lease.images, lease.expiresAt, lease.channelID, now, lease.images, limit])
            return db.changesCount == 1
        }
    }

    public func releaseSlots(leaseID: String) async throws {
        try await batcher.write { db in try db.execute(sql: "DELETE FROM slot_leases WHERE id = ?", arguments: [leaseID]) }
    }

    public func leasedSlots(channelID: String, now: Millis) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COALESCE(SUM(images), 0) FROM slot_leases WHERE channel_id = ? AND expires_at > ?",
                arguments: [channelID, now]) ?? 0
        }
    }
}
