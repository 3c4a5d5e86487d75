import Foundation
import NIOPosix

/// Runs password hashing (PBKDF2, about a quarter second of CPU each) on NIO's blocking-work
/// threads, a few at a time.
///
/// On Swift's cooperative pool a handful of sign-in attempts a second would occupy every thread
/// and stall every request of the gateway. Off the pool, and bounded, a flood of attempts costs
/// at most `concurrent` cores; attempts beyond a short queue are turned away at once with a 429
/// rather than left to pile up.
struct PasswordWorkers: Sendable {
    let permits: Permits

    init(concurrent: Int, queued: Int) {
        permits = Permits(available: max(1, concurrent), maxWaiting: max(0, queued))
    }

    static let busy = GatewayError(
        .tooManyRequests, "console_busy", "The console is busy right now. Try again in a moment.", headers: [.retryAfter: "1"])

    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        guard await permits.acquire() else { throw Self.busy }
        do {
            let result = try await NIOThreadPool.singleton.runIfActive(work)
            await permits.release()
            return result
        } catch {
            await permits.release()
            throw error
        }
    }

    /// A counting semaphore with a bounded wait list.
    actor Permits {
        private var available: Int
        private let maxWaiting: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(available: Int, maxWaiting: Int) {
            self.available = available
            self.maxWaiting = maxWaiting
        }

        /// True with a permit held; false at once when the wait list is full.
        func acquire() async -> Bool {
            if available > 0 {
                available -= 1
                return true
            }
            guard waiting.count < maxWaiting else { return false }
            await withCheckedContinuation { waiting.append($0) }
            return true
        }

        /// Hands the permit to the longest waiter, or puts it back.
        func release() {
            if waiting.isEmpty {
                available += 1
            } else {
                waiting.removeFirst().resume()
            }
        }
    }
}
