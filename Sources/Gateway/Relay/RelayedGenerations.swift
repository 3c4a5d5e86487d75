import Foundation

/// The relay's view of `RelayedGenerationStore`: ids checked before they reach the store, the
/// owner and channel to relay a poll to, the kept answer of a completed one.
struct RelayedGenerations: Sendable {
    let store: any RelayedGenerationStore

    struct Owner: Equatable {
        var accountID: String
        var channelID: String?
    }

    /// How long a relayed generation can be polled through Ideogate.
    static let retention: Millis = 30 * 24 * 3600 * 1000

    /// Ideogram's ids are URL-safe base64; anything else is not one of theirs.
    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "=") }
    }

    func record(_ id: String, accountID: String, channelID: String) async throws {
        guard Self.isValidID(id) else { return }
        try await store.recordRelayedGeneration(id: id, accountID: accountID, channelID: channelID, at: Date().millis)
    }

    func owner(of id: String) async throws -> Owner? {
        guard Self.isValidID(id), let generation = try await store.relayedGeneration(id: id) else { return nil }
        return Owner(accountID: generation.accountID, channelID: generation.channelID)
    }

    /// A completed generation's answer, with its links already rehosted: kept so that polling it
    /// again neither downloads nor stores its images again.
    func completedAnswer(_ id: String) async throws -> Data? {
        guard Self.isValidID(id) else { return nil }
        return try await store.relayedGeneration(id: id)?.answer.map { Data($0) }
    }

    func recordCompleted(_ id: String, answer: Data) async throws {
        guard Self.isValidID(id) else { return }
        try await store.completeRelayedGeneration(id: id, answer: Array(answer))
    }
}
