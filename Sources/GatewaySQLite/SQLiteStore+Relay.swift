import Foundation
import GRDB
import Gateway

/// Generations that relayed answers carried (`RelayedGenerationStore`).
extension SQLiteStore {
    public func recordRelayedGeneration(id: String, accountID: String, channelID: String?, at: Millis) async throws {
        try await batcher.write { db in
            try db.execute(
                sql: "INSERT INTO relayed_generations (id, account_id, channel_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                arguments: [id, accountID, channelID, at])
        }
    }

    public func relayedGeneration(id: String) async throws -> RelayedGeneration? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM relayed_generations WHERE id = ?", arguments: [id]).map { row in
                RelayedGeneration(
                    id: row["id"], accountID: row["account_id"], channelID: row["channel_id"],
                    answer: (row["answer"] as Data?).map { Array($0) }, createdAt: row["created_at"])
            }
        }
    }

    public func completeRelayedGeneration(id: String, answer: [UInt8]) async throws {
        try await batcher.write { db in
            try db.execute(
                sql: "UPDATE relayed_generations SET answer = ? WHERE id = ? AND answer IS NULL", arguments: [Data(answer), id])
        }
    }

    public func pruneRelayedGenerations(olderThan cutoff: Millis) async throws -> Int {
        try await batcher.write { db in
            try db.execute(sql: "DELETE FROM relayed_generations WHERE created_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }
}
