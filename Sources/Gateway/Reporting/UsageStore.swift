/// The usage log and the images it produced: written once per request, read by people.
public protocol UsageStore: Sendable {
    func recordUsage(_ record: UsageRecord) async throws
    func usage(accountID: String?, limit: Int, offset: Int) async throws -> [UsageRecord]
    func usage(_ query: UsageQuery) async throws -> [UsageRecord]
    /// Usage rows since `since` grouped into buckets of `bucketMillis`, oldest first; empty
    /// buckets are left out. `accountID` nil means every account.
    func usageBuckets(accountID: String?, since: Millis, bucketMillis: Int64) async throws -> [UsageBucket]
    func recordImage(_ image: StoredImage) async throws
    /// The ids of the images one request of one account stored, in the order it delivered them —
    /// for answering a replayed request in another shape (OpenAI's `b64_json`).
    func imageIDs(requestID: String, accountID: String) async throws -> [String]
}
