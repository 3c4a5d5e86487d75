import Gateway
import PostgresNIO

/// Generations that relayed answers carried (`RelayedGenerationStore`).
extension PostgresStore {
    public func recordRelayedGeneration(id: String, accountID: String, channelID: String?, at: Millis) async throws {
        try await write { s in
            try await s.execute("""
                INSERT INTO relayed_generations (id, account_id, channel_id, created_at) VALUES (\(id), \(accountID), \(channelID), \(at))
                ON CONFLICT (id) DO NOTHING
                """)
        }
    }

    public func relayedGeneration(id: String) async throws -> RelayedGeneration? {
        try await session { s in
            try await s.row("SELECT * FROM relayed_generations WHERE id = \(id)").map { r in
                let answer: ByteBuffer? = try r.get("answer")
                return RelayedGeneration(
                    id: try r.get("id"), accountID: try r.get("account_id"), channelID: try r.get("channel_id"),
                    answer: answer.map { Array($0.readableBytesView) }, createdAt: try r.get("created_at"))
            }
        }
    }

    public func completeRelayedGeneration(id: String, answer: [UInt8]) async throws {
        try await write { s in
            try await s.execute("UPDATE relayed_generations SET answer = \(ByteBuffer(bytes: answer)) WHERE id = \(id) AND answer IS NULL")
        }
    }

    public func pruneRelayedGenerations(olderThan cutoff: Millis) async throws -> Int {
        try await write { s in try await s.execute("DELETE FROM relayed_generations WHERE created_at < \(cutoff) RETURNING 1") }
    }
}
