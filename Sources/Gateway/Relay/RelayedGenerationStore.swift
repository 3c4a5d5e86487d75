/// Which account owns each `generation_id` a relayed answer carried, which channel made it, and,
/// once completed, its answer with the links already rehosted.
///
/// A table of its own rather than rows in the settings table: settings belong to the catalogue,
/// whose every change invalidates every node's cache, and a relayed generation is written on the
/// request path and grows with traffic. Rows older than the retention are pruned.
public protocol RelayedGenerationStore: Sendable {
    /// Records the owner of `id` unless one is recorded already: the first owner wins, so no
    /// later answer can take an id over.
    func recordRelayedGeneration(id: String, accountID: String, channelID: String?, at: Millis) async throws
    func relayedGeneration(id: String) async throws -> RelayedGeneration?
    /// Keeps a completed generation's answer, once: the first kept answer stays.
    func completeRelayedGeneration(id: String, answer: [UInt8]) async throws
    /// Deletes generations recorded before `cutoff`; returns how many.
    func pruneRelayedGenerations(olderThan cutoff: Millis) async throws -> Int
}

/// One generation a relayed answer carried.
public struct RelayedGeneration: Sendable, Equatable {
    public var id: String
    public var accountID: String
    /// The channel that made it, to which its polls are relayed; nil when that is unknown.
    public var channelID: String?
    /// The completed answer, links rehosted; nil until it completed.
    public var answer: [UInt8]?
    public var createdAt: Millis

    public init(id: String, accountID: String, channelID: String?, answer: [UInt8]?, createdAt: Millis) {
        self.id = id
        self.accountID = accountID
        self.channelID = channelID
        self.answer = answer
        self.createdAt = createdAt
    }
}
