import Gateway
import PostgresNIO

/// The reads and writes behind the admin API, the account API and the CLI.
extension PostgresStore {
    public func updateAccount(_ a: Account) async throws {
        try await catalogWrite { s in
            try await s.execute("UPDATE accounts SET name = \(a.name), tier = \(a.tier), disabled_at = \(a.disabledAt) WHERE id = \(a.id)")
        }
    }

    public func key(id: String) async throws -> APIKeyRecord? {
        try await session { s in try await s.row("SELECT * FROM api_keys WHERE id = \(id)").map(Rows.key) }
    }

    public func keys(accountID: String?) async throws -> [APIKeyRecord] {
        try await session { s in
            try await s.rows("""
                SELECT * FROM api_keys WHERE (\(accountID)::TEXT IS NULL OR account_id = \(accountID)::TEXT)
                ORDER BY created_at, id
                """
            ).map(Rows.key)
        }
    }

    public func updateKey(_ k: APIKeyRecord) async throws {
        let scope = Rows.scopeJSON(k.scope)
        try await catalogWrite { s in
            try await s.execute("""
                UPDATE api_keys SET label = \(k.label), expires_at = \(k.expiresAt), revoked_at = \(k.revokedAt), scope = \(scope)
                WHERE id = \(k.id)
                """)
        }
    }

    public func tiers() async throws -> [Tier] {
        try await session { s in try await s.rows("SELECT name, multiplier_ppm FROM tiers ORDER BY name").map(Rows.tier) }
    }

    public func setSetting(_ key: String, value: String) async throws {
        try await catalogWrite { s in
            try await s.execute("""
                INSERT INTO settings (key, value) VALUES (\(key), \(value))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """)
        }
    }

    public func replaceAdminToken(hash: String) async throws {
        try await catalogWrite { s in
            try await s.execute("""
                INSERT INTO settings (key, value) VALUES (\(AdminToken.settingKey), \(hash))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """)
            try await s.execute("DELETE FROM console_sessions WHERE is_admin")
        }
    }
}
