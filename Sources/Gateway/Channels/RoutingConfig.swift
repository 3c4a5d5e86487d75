/// How the router queues, retries and takes failing channels out (DESIGN.md §4).
public struct RoutingConfig: Sendable {
    /// Attempts per customer request, across different channels.
    public var maxAttempts = 3
    /// The whole request, queueing and every attempt included.
    public var totalDeadline: Duration = .seconds(300)
    /// How long one request may wait for image slots before it is turned away with 429.
    public var queueWaitLimit: Duration = .seconds(60)
    /// Requests waiting for slots, across all accounts; one more is turned away with 429.
    public var maxQueuedRequests = 512
    /// What a 429 `queue_full` tells the caller in `Retry-After`.
    public var retryAfterSeconds = 5
    public var breaker = CircuitBreaker.Settings()
    /// How often the router re-reads channels from the store, so edits made by the CLI (another
    /// process) take effect without a restart.
    public var refreshInterval: Duration = .seconds(5)
    /// Largest image the rehoster downloads; a larger one keeps its upstream link.
    public var maxRehostBytes = 32 * 1024 * 1024
    /// Timeouts for rehost downloads.
    public var rehostConnectTimeoutMillis: Int64 = 5_000
    public var rehostReadTimeoutMillis: Int64 = 30_000

    public init() {}
}
