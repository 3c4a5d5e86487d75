import Foundation
import Gateway
import PostgresNIO

extension PostgresStore {
    public func createTask(_ t: TaskRecord) async throws {
        try await write { s in
            try await s.execute("""
                INSERT INTO tasks (id, account_id, request_id, operation, status, http_status, result, webhook_url, created_at, updated_at, node_id)
                VALUES (\(t.id), \(t.accountID), \(t.requestID), \(t.operation), \(t.status.rawValue), \(t.httpStatus),
                    \(Rows.bytes(t.result)), \(t.webhookURL), \(t.createdAt), \(t.updatedAt), \(t.node))
                """)
        }
    }

    public func task(id: String) async throws -> TaskRecord? {
        try await session { s in try await s.row("SELECT * FROM tasks WHERE id = \(id)").map(Rows.task) }
    }

    public func updateTask(id: String, status: TaskStatus, httpStatus: Int?, result: [UInt8]?, at: Millis) async throws -> Bool {
        try await write { s in
            try await s.execute("""
                UPDATE tasks SET status = \(status.rawValue), http_status = COALESCE(\(httpStatus)::BIGINT, http_status),
                    result = COALESCE(\(Rows.bytes(result))::BYTEA, result), updated_at = \(at)
                WHERE id = \(id) AND status NOT IN ('succeeded', 'failed', 'cancelled') RETURNING 1
                """) == 1
        }
    }

    public func unfinishedTasks() async throws -> [TaskRecord] {
        try await session { s in
            try await s.rows("SELECT * FROM tasks WHERE status IN ('queued', 'running') ORDER BY created_at, id").map(Rows.task)
        }
    }

    public func requestTaskCancel(id: String, at: Millis) async throws -> Bool {
        try await write { s in
            try await s.execute("""
                UPDATE tasks SET cancel_requested_at = \(at)
                WHERE id = \(id) AND status NOT IN ('succeeded', 'failed', 'cancelled') RETURNING 1
                """) == 1
        }
    }

    public func tasksToCancel(node: String) async throws -> [String] {
        try await session { s in
            try await s.rows("""
                SELECT id FROM tasks WHERE node_id = \(node) AND cancel_requested_at IS NOT NULL AND status IN ('queued', 'running')
                """).map { try $0.get("id", as: String.self) }
        }
    }

    public func recordWebhookDelivery(taskID: String, attempt: Int, httpStatus: Int?, error: String?, at: Millis) async throws {
        try await write { s in
            try await s.execute("""
                INSERT INTO webhook_deliveries (task_id, attempt, http_status, error, at)
                VALUES (\(taskID), \(attempt), \(httpStatus), \(error), \(at))
                """)
        }
    }

    public func webhookDeliveries(taskID: String) async throws -> [WebhookDelivery] {
        try await session { s in
            try await s.rows("SELECT * FROM webhook_deliveries WHERE task_id = \(taskID) ORDER BY attempt, id").map { r in
                WebhookDelivery(attempt: try r.get("attempt"), httpStatus: try r.get("http_status"), error: try r.get("error"), at: try r.get("at"))
            }
        }
    }

    public func claimIdempotencyKey(
        accountID: String, key: String, fingerprint: String, at: Millis, staleBefore: Millis, node: String?
    ) async throws -> IdempotencyClaim {
        try await write { s -> IdempotencyClaim in
            // Keys live 24 hours: an older row no longer binds the key. A claim still running
            // past `staleBefore` was left by a process that died; it binds nothing either. Two
            // requests taking over the same stale claim both delete it, but only one insert
            // wins: the other waits on the primary key and then finds the winner's row.
            try await s.execute("""
                DELETE FROM idempotency WHERE account_id = \(accountID) AND key = \(key)
                  AND (created_at < \(at - 24 * 3600 * 1000) OR (http_status IS NULL AND created_at < \(staleBefore)))
                """)
            let inserted = try await s.execute("""
                INSERT INTO idempotency (account_id, key, fingerprint, created_at, node_id)
                VALUES (\(accountID), \(key), \(fingerprint), \(at), \(node))
                ON CONFLICT DO NOTHING RETURNING 1
                """)
            if inserted == 1 { return IdempotencyClaim.claimed }
            guard let row = try await s.row(
                "SELECT fingerprint, http_status, headers, body FROM idempotency WHERE account_id = \(accountID) AND key = \(key)")
            else { return IdempotencyClaim.claimed }
            let stored: String = try row.get("fingerprint")
            guard let status = try row.get("http_status", as: Int?.self) else { return IdempotencyClaim.inProgress(fingerprint: stored) }
            let headersText = try row.get("headers", as: String?.self) ?? "{}"
            let headers = (try? JSONDecoder().decode([String: String].self, from: Data(headersText.utf8))) ?? [:]
            let body = try row.get("body", as: ByteBuffer?.self).map { Array($0.readableBytesView) } ?? []
            return IdempotencyClaim.finished(fingerprint: stored, response: StoredResponse(status: status, headers: headers, body: body))
        }
    }

    public func completeIdempotencyKey(accountID: String, key: String, response: StoredResponse) async throws {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        try await write { s in
            try await s.execute("""
                UPDATE idempotency SET http_status = \(response.status), headers = \(headers), body = \(ByteBuffer(bytes: response.body))
                WHERE account_id = \(accountID) AND key = \(key)
                """)
        }
    }

    public func releaseIdempotencyKey(accountID: String, key: String) async throws {
        try await write { s in try await s.execute("DELETE FROM idempotency WHERE account_id = \(accountID) AND key = \(key)") }
    }

    public func abandonUnfinishedIdempotencyKeys(ofNodes nodes: [String]) async throws -> Int {
        try await write { s in
            try await s.execute(
                "DELETE FROM idempotency WHERE http_status IS NULL AND (node_id IS NULL OR node_id = ANY(\(nodes))) RETURNING 1")
        }
    }

    public func pruneIdempotencyKeys(olderThan cutoff: Millis) async throws -> Int {
        try await write { s in try await s.execute("DELETE FROM idempotency WHERE created_at < \(cutoff) RETURNING 1") }
    }

    /// Writes a task's final state unless it already has one. Part of the settlement's commit.
    static func finishTask(_ s: Session, _ f: TaskFinish, at: Millis) async throws {
        try await s.execute("""
            UPDATE tasks SET status = \(f.status.rawValue), http_status = \(f.httpStatus), result = \(ByteBuffer(bytes: f.result)),
                updated_at = \(at)
            WHERE id = \(f.taskID) AND status NOT IN ('succeeded', 'failed', 'cancelled')
            """)
    }
}
