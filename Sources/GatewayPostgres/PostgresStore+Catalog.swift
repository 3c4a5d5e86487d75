import Gateway
import PostgresNIO

/// Prices, and the usage log and stored images each request writes.
extension PostgresStore {
    public func prices() async throws -> [PriceEntry] {
        try await session { s in
            try await s.rows("SELECT operation, variant, micros, updated_at FROM prices ORDER BY operation, variant").map { r in
                PriceEntry(operation: try r.get("operation"), variant: try r.get("variant"), micros: try r.get("micros"), updatedAt: try r.get("updated_at"))
            }
        }
    }

    public func setPrice(_ e: PriceEntry) async throws {
        try await catalogWrite { s in
            try await s.execute("""
                INSERT INTO prices (operation, variant, micros, updated_at) VALUES (\(e.operation), \(e.variant), \(e.micros), \(e.updatedAt))
                ON CONFLICT (operation, variant) DO UPDATE SET micros = excluded.micros, updated_at = excluded.updated_at
                """)
        }
    }

    /// Inserts the entries that are missing, leaving the operator's edits alone.
    public func seedPrices(_ entries: [PriceEntry]) async throws {
        try await catalogWrite { s in
            for e in entries {
                try await s.execute("""
                    INSERT INTO prices (operation, variant, micros, updated_at) VALUES (\(e.operation), \(e.variant), \(e.micros), \(e.updatedAt))
                    ON CONFLICT DO NOTHING
                    """)
            }
        }
    }

    public func recordUsage(_ r: UsageRecord) async throws {
        try await write { s in try await Self.insertUsage(s, r) }
    }

    static func insertUsage(_ s: Session, _ r: UsageRecord) async throws {
        try await s.execute("""
            INSERT INTO usage (request_id, account_id, key_id, operation, variant, images_requested, images_delivered,
                unit_price_micros, charged_micros, status, error_code, latency_millis, channel, created_at)
            VALUES (\(r.requestID), \(r.accountID), \(r.keyID), \(r.operation), \(r.variant), \(r.imagesRequested),
                \(r.imagesDelivered), \(r.unitPriceMicros), \(r.chargedMicros), \(r.status), \(r.errorCode), \(r.latencyMillis),
                \(r.channel), \(r.createdAt))
            ON CONFLICT (request_id) DO NOTHING
            """)
    }

    public func usage(accountID: String?, limit: Int, offset: Int) async throws -> [UsageRecord] {
        var query = UsageQuery()
        query.accountID = accountID
        query.limit = limit
        query.offset = offset
        return try await usage(query)
    }

    public func usage(_ q: UsageQuery) async throws -> [UsageRecord] {
        // Every filter is bound; an absent one is NULL and matches everything.
        var exactStatus: Int?
        var statusClass: String?
        switch q.status {
        case .exactly(let status): exactStatus = status
        case .succeeded: statusClass = "succeeded"
        case .failed: statusClass = "failed"
        case nil: break
        }
        let after = q.after
        let query: PostgresQuery = """
            SELECT * FROM usage
            WHERE (\(q.accountID)::TEXT IS NULL OR account_id = \(q.accountID)::TEXT)
              AND (\(q.keyID)::TEXT IS NULL OR key_id = \(q.keyID)::TEXT)
              AND (\(q.operation)::TEXT IS NULL OR operation = \(q.operation)::TEXT)
              AND (\(q.errorCode)::TEXT IS NULL OR error_code = \(q.errorCode)::TEXT)
              AND (\(exactStatus)::BIGINT IS NULL OR status = \(exactStatus)::BIGINT)
              AND (\(statusClass)::TEXT IS NULL
                   OR (\(statusClass)::TEXT = 'succeeded' AND status BETWEEN 200 AND 299)
                   OR (\(statusClass)::TEXT = 'failed' AND status NOT BETWEEN 200 AND 299))
              AND (\(q.since)::BIGINT IS NULL OR created_at >= \(q.since)::BIGINT)
              AND (\(q.until)::BIGINT IS NULL OR created_at < \(q.until)::BIGINT)
              AND (\(after?.createdAt)::BIGINT IS NULL OR created_at < \(after?.createdAt)::BIGINT
                   OR (created_at = \(after?.createdAt)::BIGINT AND request_id > \(after?.requestID)::TEXT))
            ORDER BY created_at DESC, request_id LIMIT \(q.limit) OFFSET \(q.offset)
            """
        return try await session { s in try await s.rows(query).map(Rows.usage) }
    }

    public func usageBuckets(accountID: String?, since: Millis, bucketMillis: Int64) async throws -> [UsageBucket] {
        try await session { s in
            try await s.rows("""
                SELECT (created_at / \(bucketMillis)) * \(bucketMillis) AS start, COUNT(*)::BIGINT AS requests,
                       COALESCE(SUM(images_delivered), 0)::BIGINT AS images, COALESCE(SUM(charged_micros), 0)::BIGINT AS revenue,
                       SUM(CASE WHEN status BETWEEN 200 AND 299 THEN 0 ELSE 1 END)::BIGINT AS errors
                FROM usage
                WHERE created_at >= \(since) AND (\(accountID)::TEXT IS NULL OR account_id = \(accountID)::TEXT)
                GROUP BY start ORDER BY start
                """
            ).map { r in
                UsageBucket(
                    start: try r.get("start"), requests: try r.get("requests"), images: try r.get("images"),
                    revenueMicros: try r.get("revenue"), errors: try r.get("errors"))
            }
        }
    }

    public func recordImage(_ image: StoredImage) async throws {
        try await write { s in
            try await s.execute("""
                INSERT INTO images (id, request_id, account_id, content_type, byte_count, etag, created_at)
                VALUES (\(image.id), \(image.requestID), \(image.accountID), \(image.contentType), \(image.byteCount),
                    \(image.etag), \(image.createdAt))
                """)
        }
    }

    public func imageIDs(requestID: String, accountID: String) async throws -> [String] {
        try await session { s in
            // Delivery stores a request's images one after another, so insertion order is
            // response order.
            try await s.rows("SELECT id FROM images WHERE request_id = \(requestID) AND account_id = \(accountID) ORDER BY seq")
                .map { try $0.get("id", as: String.self) }
        }
    }
}
