import Foundation
import GRDB
import Gateway
import NIOConcurrencyHelpers

/// Group commit for the request path's writes (DESIGN.md §3).
///
/// Requests hand their write (a hold, a settlement, a usage row) to the batcher and wait. The
/// batcher runs everything that has queued up since the last commit in one transaction, each
/// write in its own savepoint so one refusal never undoes another, and answers every waiter
/// only after the commit — so each answer is as durable as a transaction of its own, while a
/// thousand concurrent requests cost a handful of commits instead of a thousand.
///
/// The queue is a lock, and the draining runs on GRDB's writer queue itself: a write costs one
/// hand-off to that queue (none when a drain is already running) and one back to the waiting
/// task. An actor in front of it and a task to drive the drain each added a thread wake-up per
/// write, and at low concurrency those wake-ups were most of a request's CPU.
final class WriteBatcher: Sendable {
    private let pool: DatabasePool
    private let state = NIOLockedValueBox(State())
    /// Bounds a transaction's length so a flood of writers cannot starve the readers' checkpoints.
    private let maxBatch = 512

    private struct State {
        var pending: [Job] = []
        /// A drain is scheduled or running on the writer queue; it takes whatever arrives until
        /// it finds the queue empty.
        var draining = false
    }

    private struct Job: Sendable {
        let run: @Sendable (Database) throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    init(pool: DatabasePool) { self.pool = pool }

    /// Runs `body` inside a batched write transaction and returns its result once committed.
    /// An error thrown by `body` rolls back only `body`'s own changes. Cancelling the caller does
    /// not cancel the write: once queued, it commits (a settlement must outlive a hang-up).
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let box = ResultBox<T>()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let job = Job(
                run: { db in box.set(try body(db)) },
                finish: { error in
                    if let error { continuation.resume(throwing: error) } else { continuation.resume() }
                })
            let start = state.withLockedValue { s -> Bool in
                s.pending.append(job)
                if s.draining { return false }
                s.draining = true
                return true
            }
            if start {
                pool.asyncWriteWithoutTransaction { db in self.drain(db) }
            }
        }
        return try box.get()
    }

    /// Commits batches until the queue is empty. Runs on the writer queue.
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
            outcomes.reserveCapacity(batch.count)
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
                // The commit itself failed: nothing in the batch happened.
                for job in batch { job.finish(error) }
            }
        }
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
