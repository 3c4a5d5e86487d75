import Foundation
import GRDB
import Gateway

extension SQLiteStore {
    public func createTask(_ t: TaskRecord) async throws {
        try await batcher.write { db in
            try db.execute(
                sql: """
                    INSERT INTO tasks (id, account_id, request_id, operation, status, http_status, result, webhook_url, created_at, updated_at, node_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [t.id, t.accountID, t.requestID, t.operation, t.status.rawValue, t.httpStatus,
                            t.result.map { Data($0) }, t.webhookURL, t.createdAt, t.updatedAt, t.node])
        }
    }

    public func task(id: String) async throws -> TaskRecord? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [id]).map(Self.task) }
    }

    public func updateTask(id: String, status: TaskStatus, httpStatus: Int?, result: [UInt8]?, at: Millis) async throws -> Bool {
        try await batcher.write { db in
            try db.execute(
                sql: """
                    UPDATE tasks SET status = ?, http_status = COALESCE(?, http_status), result = COALESCE(?, result), updated_at = ?
                    WHERE id = ? AND status NOT IN ('succeeded', 'failed', 'cancelled')
                    """,
                arguments: [status.rawValue, httpStatus, result.map { Data($0) }, at, id])
            return db.changesCount == 1
        }
    }

    public func unfinishedTasks() async throws -> [TaskRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tasks WHERE status IN ('queued', 'running') ORDER BY created_at").map(Self.task)
        }
    }

    public func requestTaskCancel(id: String, at: Millis) async throws -> Bool {
        try await batcher.write { db in
            try db.execute(
                sql: "UPDATE tasks SET cancel_requested_at = ? WHERE id = ? AND status NOT IN ('succeeded', 'failed', 'cancelled')",
                arguments: [at, id])
            return db.changesCount == 1
        }
    }

    public func tasksToCancel(node: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM tasks WHERE node_id = ? AND cancel_requested_at IS NOT NULL AND status IN ('queued', 'running')",
                arguments: [node])
        }
    }

    public func recordWebhookDelivery(taskID: String, attempt: Int, httpStatus: Int?, error: String?, at: Millis) async throws {
        try await batcher.write { db in
            try db.execute(
                sql: "INSERT INTO webhook_deliveries (task_id, attempt, http_status, error, at) VALUES (?, ?, ?, ?, ?)",
                arguments: [taskID, attempt, httpStatus, error, at])
        }
    }

    public func webhookDeliveries(taskID: String) async throws -> [WebhookDelivery] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM webhook_deliveries WHERE task_id = ? ORDER BY attempt", arguments: [taskID])
                .map { WebhookDelivery(attempt: $0["attempt"], httpStatus: $0["http_status"], error: $0["error"], at: $0["at"]) }
        }
    }

    public func claimIdempotencyKey(
        accountID: String, key: String, fingerprint: String, at: Millis, staleBefore: Millis, node: String?
    ) async throws -> IdempotencyClaim {
        try await batcher.write { db in
            // Keys live 24 hours: an older row no longer binds the key. A claim still running
            // past `staleBefore` was left by a process that died; it binds nothing either.
            try db.execute(
                sql: """
                    DELETE FROM idempotency WHERE account_id = ? AND key = ?
                      AND (created_at < ? OR (http_status IS NULL AND created_at < ?))
                    """,
                arguments: [accountID, key, at - 24 * 3600 * 1000, staleBefore])
            try db.execute(
                sql: "INSERT INTO idempotency (account_id, key, fingerprint, created_at, node_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: [accountID, key, fingerprint, at, node])
            if db.changesCount == 1 { return IdempotencyClaim.claimed }
            guard let row = try Row.fetchOne(
                db, sql: "SELECT fingerprint, http_status, headers, body FROM idempotency WHERE account_id = ? AND key = ?",
                arguments: [accountID, key])
            else { return IdempotencyClaim.claimed }
            let stored: String = row["fingerprint"]
            guard let status: Int = row["http_status"] else { return IdempotencyClaim.inProgress(fingerprint: stored) }
            let headers = (try? JSONDecoder().decode([String: String].self, from: Data((row["headers"] as String? ?? "{}").utf8))) ?? [:]
            let body: Data = row["body"] ?? Data()
            return IdempotencyClaim.finished(fingerprint: stored, response: StoredResponse(status: status, headers: headers, body: Array(body)))
        }
    }

    public func completeIdempotencyKey(accountID: String, key: String, response: StoredResponse) async throws {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        try await batcher.write { db in
            try db.execute(
                sql: "UPDATE idempotency SET http_status = ?, headers = ?, body = ? WHERE account_id = ? AND key = ?",
                arguments: [response.status, headers, Data(response.body), accountID, key])
        }
    }

    public func releaseIdempotencyKey(accountID: String, key: String) async throws {
        try await batcher.write { db in
            try db.execute(sql: "DELETE FROM idempotency WHERE account_id = ? AND key = ?", arguments: [accountID, key])
        }
    }

    public func abandonUnfinishedIdempotencyKeys(ofNodes nodes: [String]) async throws -> Int {
        try await batcher.write { db in
            try db.execute(
                sql: "DELETE FROM idempotency WHERE http_status IS NULL AND (node_id IS NULL OR node_id IN (SELECT value FROM json_each(?)))",
                arguments: [String(decoding: try JSONEncoder().encode(nodes), as: UTF8.self)])
            return db.changesCount
        }
    }

    public func pruneIdempotencyKeys(olderThan cutoff: Millis) async throws -> Int {
        try await batcher.write { db in
            try db.execute(sql: "DELETE FROM idempotency WHERE created_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }

    /// Writes a task's final state unless it already has one. Part of the settlement's commit.
    static func finishTask(_ db: Database, _ finish: TaskFinish, at: Millis) throws {
        try db.execute(
            sql: """
                UPDATE tasks SET status = ?, http_status = ?, result = ?, updated_at = ?
                WHERE id = ? AND status NOT IN ('succeeded', 'failed', 'cancelled')
                """,
            arguments: [finish.status.rawValue, finish.httpStatus, Data(finish.result), at, finish.taskID])
    }

    static func task(_ row: Row) -> TaskRecord {
        let result: Data? = row["result"]
        return TaskRecord(
            id: row["id"], accountID: row["account_id"], requestID: row["request_id"], operation: row["operation"],
            status: TaskStatus(rawValue: row["status"]) ?? .failed, httpStatus: row["http_status"],
            result: result.map { Array($0) }, webhookURL: row["webhook_url"], createdAt: row["created_at"],
            updatedAt: row["updated_at"], node: row["node_id"])
    }
}
