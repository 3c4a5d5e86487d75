import Foundation
import GRDB
import Gateway

/// Group commit for the request path's writes (DESIGN.md §3).
///
/// Requests hand their write (a hold, a settlement, a usage row) to the batcher and wait. The
/// batcher runs everything that has queued up since the last commit in one transaction, each
/// write in its own savepoint so one refusal never undoes another, and answers every waiter
/// only after the commit — so each answer is as durable as a transaction of its own, while a
/// thousand concurrent requests cost a handful of commits instead of a thousand.
actor WriteBatcher {
    private let pool: DatabasePool
    private var pending: [Job] = []
    private var flushing = false
    /// Bounds a transaction's length so a flood of writers cannot starve the readers' checkpoints.
    private let maxBatch = 512

    init(pool: DatabasePool) { self.pool = pool }

    private struct Job: Sendable {
        let run: @Sendable (Database) throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    /// Runs `body` inside a batched write transaction and returns its result once committed.
    /// An error thrown by `body` rolls back only `body`'s own changes.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let box = ResultBox<T>()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            pending.append(Job(
                run: { db in box.set(try body(db)) },
                finish: { error in
                    if let error { continuation.resume(throwing: error) } else { continuation.resume() }
                }))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
        return try box.get()
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            do {
                let outcomes = try await pool.write { db -> [(any Error)?] in
                    batch.map { job in
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
                }
                for (job, error) in zip(batch, outcomes) { job.finish(error) }
            } catch {
                // The commit itself failed: nothing in the batch happened.
                for job in batch { job.finish(error) }
            }
        }
        flushing = false
    }
}

/// Carries a job's result out of the write closure. Set once on the writer's queue, read after
/// the continuation resumes, so the lock only makes that hand-over explicit.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?

    func set(_ v: T) { lock.withLock { value = v } }
    func get() throws -> T {
        guard let v = lock.withLock({ value }) else { throw DatabaseError(message: "batched write produced no result") }
        return v
    }
}
