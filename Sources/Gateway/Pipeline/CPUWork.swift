import HTTPTypes
import NIOCore
import NIOPosix

/// CPU-heavy work (decoding uploads, inflating PNGs, rendering in the sandbox) on NIO's blocking
/// thread pool instead of Swift's cooperative pool.
///
/// The cooperative pool has one thread per core and runs every request's async code: a handful
/// of megapixel decodes there stalls `/healthz` and every other request. Here the work runs on
/// separate threads, at most `concurrency` at once, and at most `maxWaiting` more may queue —
/// past that the caller gets a quick 503 instead of an unbounded backlog.
public final class CPUWork: Sendable {
    private let pool: NIOThreadPool
    private let gate: Gate
    /// What a caller gets when the queue is full.
    let busy: GatewayError

    public convenience init(concurrency: Int = System.coreCount, maxWaiting: Int = 256, pool: NIOThreadPool = .singleton) {
        self.init(concurrency: concurrency, maxWaiting: maxWaiting, pool: pool, busy: .serverBusy)
    }

    init(concurrency: Int, maxWaiting: Int, pool: NIOThreadPool = .singleton, busy: GatewayError) {
        self.pool = pool
        self.busy = busy
        gate = Gate(limit: max(1, concurrency), maxWaiting: max(0, maxWaiting))
    }

    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        guard await gate.enter() else { throw busy }
        do {
            let value = try await pool.runIfActive(work)
            await gate.leave()
            return value
        } catch {
            await gate.leave()
            throw error
        }
    }

    /// A counting semaphore with a bounded queue.
    private actor Gate {
        let limit: Int
        let maxWaiting: Int
        private var running = 0
        private var waiters: [CheckedContinuation<Void, Never>] = []

        init(limit: Int, maxWaiting: Int) {
            self.limit = limit
            self.maxWaiting = maxWaiting
        }

        /// True with a place held; false at once when the queue is full.
        func enter() async -> Bool {
            if running < limit {
                running += 1
                return true
            }
            guard waiters.count < maxWaiting else { return false }
            // `leave` hands its place straight to the first waiter, so `running` stays counted.
            await withCheckedContinuation { waiters.append($0) }
            return true
        }

        func leave() {
            if waiters.isEmpty {
                running -= 1
            } else {
                waiters.removeFirst().resume()
            }
        }
    }
}

extension GatewayError {
    static let serverBusy = GatewayError(
        .serviceUnavailable, "server_busy", "The gateway is busy decoding other uploads. Nothing was charged; retry in a moment.",
        headers: [.retryAfter: "1"])
}
