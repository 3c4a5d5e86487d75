/// Password hashing (PBKDF2, about a quarter second of CPU each) runs on NIO's blocking-work
/// threads, a few at a time, through the same bounded gate as every other CPU-heavy job.
///
/// On Swift's cooperative pool a handful of sign-in attempts a second would occupy every thread
/// and stall every request of the gateway. Off the pool, and bounded, a flood of attempts costs
/// at most `concurrent` cores; attempts beyond a short queue are turned away at once with a 429
/// rather than left to pile up.
enum PasswordWorkers {
    static let busy = GatewayError(
        .tooManyRequests, "console_busy", "The console is busy right now. Try again in a moment.", headers: [.retryAfter: "1"])

    static func make(concurrent: Int, queued: Int) -> CPUWork {
        CPUWork(concurrency: concurrent, maxWaiting: queued, busy: busy)
    }
}
