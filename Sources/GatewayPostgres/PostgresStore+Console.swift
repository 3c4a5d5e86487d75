import Gateway
import PostgresNIO

/// The console's users, sessions, gallery notes and gallery.
extension PostgresStore {
    public func createConsoleUser(_ u: ConsoleUser) async throws {
        do {
            try await write { s in
                try await s.execute("""
                    INSERT INTO console_users (id, email, password_hash, account_id, console_key_id, created_at)
                    VALUES (\(u.id), \(u.email), \(u.passwordHash), \(u.accountID), \(u.consoleKeyID), \(u.createdAt))
                    """)
            }
        } catch let error as PSQLError where error.sqlState == SQLState.uniqueViolation || error.sqlState == SQLState.foreignKeyViolation {
            // As in SQLite, any constraint the row breaks is reported as the one a person can fix.
            throw ConsoleStoreError.emailTaken
        }
    }

    public func consoleUser(email: String) async throws -> ConsoleUser? {
        try await session { s in try await s.row("SELECT * FROM console_users WHERE email = \(email)").map(Rows.consoleUser) }
    }

    public func consoleUser(id: String) async throws -> ConsoleUser? {
        try await session { s in try await s.row("SELECT * FROM console_users WHERE id = \(id)").map(Rows.consoleUser) }
    }

    public func setConsoleKey(userID: String, keyID: String) async throws {
        try await write { s in
            try await s.execute("UPDATE console_users SET console_key_id = \(keyID) WHERE id = \(userID)")
        }
    }

    public func createConsoleSession(_ c: ConsoleSessionRecord) async throws {
        try await write { s in
            // Expired sessions go as new ones arrive, so the table never grows without bound.
            try await s.execute("DELETE FROM console_sessions WHERE expires_at <= \(c.createdAt)")
            try await s.execute("""
                INSERT INTO console_sessions (token_hash, user_id, is_admin, csrf_token, created_at, expires_at, last_secret_sealed)
                VALUES (\(c.tokenHash), \(c.userID), \(c.isAdmin), \(c.csrfToken), \(c.createdAt), \(c.expiresAt), \(c.lastSecretSealed))
                """)
        }
    }

    public func consoleSession(tokenHash: String, now: Millis) async throws -> ConsoleSessionRecord? {
        try await session { s in
            try await s.row("SELECT * FROM console_sessions WHERE token_hash = \(tokenHash) AND expires_at > \(now)").map { r in
                ConsoleSessionRecord(
                    tokenHash: try r.get("token_hash"), userID: try r.get("user_id"), isAdmin: try r.get("is_admin"),
                    csrfToken: try r.get("csrf_token"), createdAt: try r.get("created_at"), expiresAt: try r.get("expires_at"),
                    lastSecretSealed: try r.get("last_secret_sealed"))
            }
        }
    }

    public func deleteConsoleSession(tokenHash: String) async throws {
        try await write { s in try await s.execute("DELETE FROM console_sessions WHERE token_hash = \(tokenHash)") }
    }

    public func setConsoleSessionSecret(tokenHash: String, sealed: String?) async throws {
        try await write { s in
            try await s.execute("UPDATE console_sessions SET last_secret_sealed = \(sealed) WHERE token_hash = \(tokenHash)")
        }
    }

    public func recordConsoleImages(_ notes: [ConsoleImageNote]) async throws {
        guard !notes.isEmpty else { return }
        try await write { s in
            for n in notes {
                try await s.execute("""
                    INSERT INTO console_images (image_id, account_id, operation, prompt, seed, resolution, created_at)
                    VALUES (\(n.imageID), \(n.accountID), \(n.operation), \(n.prompt), \(n.seed), \(n.resolution), \(n.createdAt))
                    ON CONFLICT DO NOTHING
                    """)
            }
        }
    }

    public func galleryImages(accountID: String, limit: Int, offset: Int) async throws -> [GalleryImage] {
        try await session { s in
            try await s.rows("""
                SELECT i.id, i.request_id, i.created_at, u.operation, u.unit_price_micros, u.charged_micros,
                       u.images_delivered, n.prompt, n.seed, n.resolution
                FROM images i
                LEFT JOIN usage u ON u.request_id = i.request_id
                LEFT JOIN console_images n ON n.image_id = i.id
                WHERE i.account_id = \(accountID)
                ORDER BY i.created_at DESC, i.id LIMIT \(limit) OFFSET \(offset)
                """
            ).map { r in
                GalleryImage(
                    imageID: try r.get("id"), requestID: try r.get("request_id"), operation: try r.get("operation"),
                    unitPriceMicros: try r.get("unit_price_micros"), chargedMicros: try r.get("charged_micros"),
                    imagesDelivered: try r.get("images_delivered"), prompt: try r.get("prompt"), seed: try r.get("seed"),
                    resolution: try r.get("resolution"), createdAt: try r.get("created_at"))
            }
        }
    }
}
