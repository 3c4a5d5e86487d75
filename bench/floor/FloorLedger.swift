import Foundation
import GRDB
import NIOConcurrencyHelpers

/// The durable part of the benchmark's floor (`ideogate-floor --mode durable`): one committed
/// hold before the upstream call, one committed settlement after it, on SQLite configured as
/// Ideogate's embedded store configures it (Sources/GatewaySQLite/SQLiteStore.swift: a
/// `DatabasePool`, hence WAL; `synchronous = NORMAL`; foreign keys on; a 10 s busy timeout), and
/// group-committed the way its `WriteBatcher` does it: writes queue behind a lock, one drain on
/// GRDB's writer queue commits everything queued in one immediate transaction, each write in its
/// own savepoint, and every waiter is answered only after the commit.
///
/// The rows are the least a ledger can write — a hold row, then a settle row and a balance
/// update — so the floor is what durability alone costs, beneath Ideogate's own bookkeeping.
final class FloorLedger: Sendable {
    private let pool: DatabasePool
    private let state = NIOLockedValueBox(State())
    /// `WriteBatcher.maxBatch`.
    private let maxBatch = 512
    /// What one request holds and what the settlement keeps, in micro-dollars.
    private let held: Int64 = 100_000
    private let kept: Int64 = 80_000

    private struct State {
        var pending: [Job] = []
        var draining = false
    }

    private struct Job: Sendable {
        let run: @Sendable (Database) throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    init(path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        try pool.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS balance (id INTEGER PRIMARY KEY, micros INTEGER NOT NULL);
                INSERT OR IGNORE INTO balance (id, micros) VALUES (1, 1000000000000000);
                CREATE TABLE IF NOT EXISTS ledger (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    request_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    amount_micros INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    UNIQUE (request_id, kind));
                """)
        }
    }

    func hold(requestID: String) async throws {
        let amount = -held
        try await write { db in
            try db.cachedStatement(sql: "INSERT INTO ledger (request_id, kind, amount_micros, created_at) VALUES (?, 'hold', ?, ?)")
                .execute(arguments: [requestID, amount, Self.now()])
        }
    }

    func settle(requestID: String) async throws {
        let returned = held - kept, kept = kept
        try await write { db in
            try db.cachedStatement(sql: "INSERT INTO ledger (request_id, kind, amount_micros, created_at) VALUES (?, 'settle', ?, ?)")
                .execute(arguments: [requestID, returned, Self.now()])
            try db.cachedStatement(sql: "UPDATE balance SET micros = micros - ? WHERE id = 1").execute(arguments: [kept])
        }
    }

    private static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// `WriteBatcher.write`: returns once the transaction holding `body` has committed.
    private func write(_ body: @escaping @Sendable (Database) throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let job = Job(run: body, finish: { error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            })
            let start = state.withLockedValue { s -> Bool in
                s.pending.append(job)
                if s.draining { return false }
                s.draining = true
                return true
            }
            if start { pool.asyncWriteWithoutTransaction { db in self.drain(db) } }
        }
    }

    /// Commits batches until the queue is empty. Runs on GRDB's writer queue.
    private func drain(_ db: Database) {
        while true {
            let batch = state.withLockedValue { s -> [Job] in
                if s.pending.isEmpty {
                    s.draining = false
                    return []
                }
                let n = min(maxBatch, s.pending.count)
                let batch = Array(s.pending.prefix(n))
                s.pending.removeFirst(n)
                return batch
            }
            if batch.isEmpty { return }
            var outcomes: [(any Error)?] = []
            do {
                try db.inTransaction(.immediate) {
                    outcomes = batch.map { job in
                        do {
                            try db.inSavepoint {
                                try job.run(db)
                                return .commit
                            }
                            return nil
                        } catch {
                            return error
                        }
                    }
                    return .commit
                }
                for (job, error) in zip(batch, outcomes) { job.finish(error) }
            } catch {
                for job in batch { job.finish(error) }
            }
        }
    }
}
