import Gateway
import PostgresNIO

extension PostgresStore {
    public func channels() async throws -> [UpstreamChannel] {
        try await session { s in try await s.rows("SELECT * FROM channels ORDER BY priority DESC, created_at, id").map(Rows.channel) }
    }

    public func channel(id: String) async throws -> UpstreamChannel? {
        try await session { s in try await s.row("SELECT * FROM channels WHERE id = \(id)").map(Rows.channel) }
    }

    public func createChannel(_ c: UpstreamChannel) async throws {
        let hosts = Rows.hostsJSON(c.allowedImageHosts)
        try await write { s in
            try await s.execute("""
                INSERT INTO channels (id, name, kind, base_url, encrypted_key, priority, weight, max_inflight_images, enabled,
                    disabled_reason, rehost, allowed_image_hosts, connect_timeout_millis, read_timeout_millis,
                    total_timeout_millis, created_at, updated_at)
                VALUES (\(c.id), \(c.name), \(c.kind.rawValue), \(c.baseURL), \(c.encryptedKey), \(c.priority), \(c.weight),
                    \(c.maxInflightImages), \(c.enabled), \(c.disabledReason), \(c.rehost.rawValue), \(hosts),
                    \(c.connectTimeoutMillis), \(c.readTimeoutMillis), \(c.totalTimeoutMillis), \(c.createdAt), \(c.updatedAt))
                """)
        }
    }

    public func updateChannel(_ c: UpstreamChannel) async throws -> Bool {
        let hosts = Rows.hostsJSON(c.allowedImageHosts)
        return try await write { s in
            try await s.execute("""
                UPDATE channels SET name = \(c.name), kind = \(c.kind.rawValue), base_url = \(c.baseURL),
                    encrypted_key = \(c.encryptedKey), priority = \(c.priority), weight = \(c.weight),
                    max_inflight_images = \(c.maxInflightImages), enabled = \(c.enabled), disabled_reason = \(c.disabledReason),
                    rehost = \(c.rehost.rawValue), allowed_image_hosts = \(hosts), connect_timeout_millis = \(c.connectTimeoutMillis),
                    read_timeout_millis = \(c.readTimeoutMillis), total_timeout_millis = \(c.totalTimeoutMillis),
                    created_at = \(c.createdAt), updated_at = \(c.updatedAt)
                WHERE id = \(c.id) RETURNING 1
                """) == 1
        }
    }

    public func setChannelEnabled(id: String, enabled: Bool, reason: String?, at: Millis) async throws -> Bool {
        let kept = enabled ? nil : reason
        return try await write { s in
            try await s.execute("""
                UPDATE channels SET enabled = \(enabled), disabled_reason = \(kept), updated_at = \(at) WHERE id = \(id) RETURNING 1
                """) > 0
        }
    }

    public func deleteChannel(id: String) async throws -> Bool {
        try await write { s in try await s.execute("DELETE FROM channels WHERE id = \(id) RETURNING 1") > 0 }
    }
}
