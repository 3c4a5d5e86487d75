import GRDB
import Gateway

extension SQLiteStore {
    public func prices() async throws -> [PriceEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT operation, variant, micros, updated_at FROM prices ORDER BY operation, variant")
                .map { PriceEntry(operation: $0["operation"], variant: $0["variant"], micros: $0["micros"], updatedAt: $0["updated_at"]) }
        }
    }

    public func setPrice(_ entry: PriceEntry) async throws {
        try await pool.write { db in
            try db.run("""
                    INSERT INTO prices (operation, variant, micros, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(operation, variant) DO UPDATE SET micros = excluded.micros, updated_at = excluded.updated_at
                    """, [entry.operation, entry.variant, entry.micros, entry.updatedAt])
        }
    }

    /// Inserts the entries that are missing, leaving the operator's edits alone.
    public func seedPrices(_ entries: [PriceEntry]) async throws {
        try await pool.write { db in
            for e in entries {
                try db.run("INSERT INTO prices (operation, variant, micros, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", [e.operation, e.variant, e.micros, e.updatedAt])
            }
        }
    }

    public func recordUsage(_ r: UsageRecord) async throws {
        try await batcher.write { db in try Self.insertUsage(db, r) }
    }

    static func insertUsage(_ db: Database, _ r: UsageRecord) throws {
        try db.run("""
            INSERT INTO usage (request_id, account_id, key_id, operation, variant, images_requested,
                images_delivered, unit_price_micros, charged_micros, status, error_code, latency_millis,
                channel, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(request_id) DO NOTHING
            """, [
            r.requestID, r.accountID, r.keyID, r.operation, r.variant, r.imagesRequested,
            r.imagesDelivered, r.unitPriceMicros, r.chargedMicros, r.status, r.errorCode,
            r.latencyMillis, r.channel, r.createdAt,
        ])
    }

    public func usage(accountID: String?, limit: Int, offset: Int) async throws -> [UsageRecord] {
        var query = UsageQuery()
        query.accountID = accountID
        query.limit = limit
        query.offset = offset
        return try await usage(query)
    }

    public func recordImage(_ image: StoredImage) async throws {
        try await batcher.write { db in
            try db.run("""
                    INSERT INTO images (id, request_id, account_id, content_type, byte_count, etag, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, [image.id, image.requestID, image.accountID, image.contentType, image.byteCount, image.etag, image.createdAt])
        }
    }

    public func imageIDs(requestID: String, accountID: String) async throws -> [String] {
        try await pool.read { db in
            // Delivery stores a request's images one after another, so insertion order is
            // response order.
            try String.fetchAll(
                db, sql: "SELECT id FROM images WHERE request_id = ? AND account_id = ? ORDER BY rowid", arguments: [requestID, accountID])
        }
    }
}
