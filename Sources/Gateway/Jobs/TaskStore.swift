/// Asynchronous tasks, their webhook deliveries, and Idempotency-Key claims.
public protocol TaskStore: Sendable {
    func createTask(_ task: TaskRecord) async throws
    func task(id: String) async throws -> TaskRecord?
    /// Moves a task on; returns false when it was already in a final state (nothing written).
    func updateTask(id: String, status: TaskStatus, httpStatus: Int?, result: [UInt8]?, at: Millis) async throws -> Bool
    func unfinishedTasks() async throws -> [TaskRecord]
    /// Asks the node running a task to cancel it (the caller reached another node). False when
    /// the task has already finished.
    func requestTaskCancel(id: String, at: Millis) async throws -> Bool
    /// Unfinished tasks of `node` whose cancellation another node asked for.
    func tasksToCancel(node: String) async throws -> [String]
    func recordWebhookDelivery(taskID: String, attempt: Int, httpStatus: Int?, error: String?, at: Millis) async throws
    func webhookDeliveries(taskID: String) async throws -> [WebhookDelivery]

    /// Claims an Idempotency-Key for a request: `.claimed` when this request is the first,
    /// otherwise what the first one left (its fingerprint and, when finished, its response).
    /// A claim still in progress that is older than `staleBefore` belongs to a request that can
    /// no longer be running (its process died): it is dropped and this request claims the key.
    /// `node` is the claiming node's id, so that the claim is freed if that node dies.
    func claimIdempotencyKey(
        accountID: String, key: String, fingerprint: String, at: Millis, staleBefore: Millis, node: String?
    ) async throws -> IdempotencyClaim
    /// Drops the claims still in progress of these nodes, which died, and those with no node
    /// (written before nodes were recorded). Returns how many.
    func abandonUnfinishedIdempotencyKeys(ofNodes nodes: [String]) async throws -> Int
    /// Deletes keys older than `cutoff` (finished or not); keys bind for 24 hours only.
    func pruneIdempotencyKeys(olderThan cutoff: Millis) async throws -> Int
    func completeIdempotencyKey(accountID: String, key: String, response: StoredResponse) async throws
    func releaseIdempotencyKey(accountID: String, key: String) async throws
}

extension TaskStore {
    /// A claim by no particular node (tools and tests).
    public func claimIdempotencyKey(
        accountID: String, key: String, fingerprint: String, at: Millis, staleBefore: Millis
    ) async throws -> IdempotencyClaim {
        try await claimIdempotencyKey(accountID: accountID, key: key, fingerprint: fingerprint, at: at, staleBefore: staleBefore, node: nil)
    }
}
