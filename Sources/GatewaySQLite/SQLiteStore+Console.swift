import Foundation
import GRDB
import Gateway

/// The console's users, sessions, gallery notes and chart queries.
extension SQLiteStore {
    public func createConsoleUser(_ user: ConsoleUser) async throws {
        do {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO console_users (id, email, password_hash, account_id, console_key_id, created_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [user.id, user.email, user.passwordHash, user.accountID, user.consoleKeyID, user.createdAt])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw ConsoleStoreError.emailTaken
        }
    }

    public func consoleUser(email: String) async throws -> ConsoleUser? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM console_users WHERE email = ?", arguments: [email]).map(Self.consoleUser)
        }
    }

    public func consoleUser(id: String) async throws -> ConsoleUser? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM console_users WHERE id = ?", arguments: [id]).map(Self.consoleUser)
        }
    }

    static func consoleUser(_ row: Row) -> ConsoleUser {
        ConsoleUser(
            id: row["id"], email: row["email"], passwordHash: row["password_hash"], accountID: row["account_id"],
            consoleKeyID: row["console_key_id"], createdAt: row["created_at"])
    }

    public func setConsoleKey(userID: String, keyID: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE console_users SET console_key_id = ? WHERE id = ?", arguments: [keyID, userID])
        }
    }

    public func createConsoleSession(_ s: ConsoleSessionRecord) async throws {
        try await pool.write { db in
            // Expired sessions go as new ones arrive, so the table never grows without bound.
            try db.execute(sql: "DELETE FROM console_sessions WHERE expires_at <= ?", arguments: [s.createdAt])
            try db.execute(
                sql: """
                    INSERT INTO console_sessions (token_hash, user_id, is_admin, csrf_token, created_at, expires_at, last_secret_sealed)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [s.tokenHash, s.userID, s.isAdmin, s.csrfToken, s.createdAt, s.expiresAt, s.lastSecretSealed])
        }
    }

    public func consoleSession(tokenHash: String, now: Millis) async throws -> ConsoleSessionRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM console_sessions WHERE token_hash = ? AND expires_at > ?", arguments: [tokenHash, now]
            ).map { row in
                ConsoleSessionRecord(
                    tokenHash: row["token_hash"], userID: row["user_id"], isAdmin: row["is_admin"], csrfToken: row["csrf_token"],
                    createdAt: row["created_at"], expiresAt: row["expires_at"], lastSecretSealed: row["last_secret_sealed"])
            }
        }
    }

    public func deleteConsoleSession(tokenHash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM console_sessions WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    public func setConsoleSessionSecret(tokenHash: String, sealed: String?) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE console_sessions SET last_secret_sealed = ? WHERE token_hash = ?", arguments: [sealed, tokenHash])
        }
    }

    public func recordConsoleImages(_ notes: [ConsoleImageNote]) async throws {
        guard !notes.isEmpty else { return }
        try await pool.write { db in
            for n in notes {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO console_images (image_id, account_id, operation, prompt, seed, resolution, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [n.imageID, n.accountID, n.operation, n.prompt, n.seed, n.resolution, n.createdAt])
            }
        }
    }

    public func galleryImages(accountID: String, limit: Int, offset: Int) async throws -> [GalleryImage] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.id, i.request_id, i.created_at, u.operation, u.unit_price_micros, u.charged_micros,
                           u.images_delivered, n.prompt, n.seed, n.resolution
                    FROM images i
                    LEFT JOIN usage u ON u.request_id = i.request_id
                    LEFT JOIN console_images n ON n.image_id = i.id
                    WHERE i.account_id = ?
                    ORDER BY i.created_at DESC, i.id LIMIT ? OFFSET ?
                    """,
                arguments: [accountID, limit, offset]
            ).map { row in
                GalleryImage(
                    imageID: row["id"], requestID: row["request_id"], operation: row["operation"],
                    unitPriceMicros: row["unit_price_micros"], chargedMicros: row["charged_micros"],
                    imagesDelivered: row["images_delivered"], prompt: row["prompt"], seed: row["seed"],
                    resolution: row["resolution"], createdAt: row["created_at"])
            }
        }
    }

    public func usageBuckets(accountID: String?, since: Millis, bucketMillis: Int64) async throws -> [UsageBucket] {
        try await pool.read { db in
            var sql = """
                SELECT (created_at / ?) * ? AS start, COUNT(*) AS requests, SUM(images_delivered) AS images,
                       SUM(charged_micros) AS revenue, SUM(CASE WHEN status BETWEEN 200 AND 299 THEN 0 ELSE 1 END) AS errors
                FROM usage WHERE created_at >= ?
                """
            var args: StatementArguments = [bucketMillis, bucketMillis, since]
            if let accountID {
                sql += " AND account_id = ?"
                args += [accountID]
            }
            sql += " GROUP BY start ORDER BY start"
            return try Row.fetchAll(db, sql: sql, arguments: args).map { row in
                UsageBucket(
                    start: row["start"], requests: row["requests"], images: row["images"] ?? 0,
                    revenueMicros: row["revenue"] ?? 0, errors: row["errors"] ?? 0)
            }
        }
    }
}
