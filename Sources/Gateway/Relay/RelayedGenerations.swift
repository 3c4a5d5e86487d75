import Foundation

/// Which account owns each `generation_id` a relayed answer carried, and which channel made it,
/// so `GET /v1|v2/generations/{id}` relays a poll only for the owner and to the right upstream
/// account. Another account gets the same 404 as for an id that does not exist.
///
/// Kept in the settings table under `relay.generation.<id>`, a key-value store every backend
/// already has: no new store requirement for a backend (see DESIGN.md, "Relayed paths"). The first
/// owner recorded wins (`settingIfAbsent`), so no later answer can take an id over.
struct RelayedGenerations: Sendable {
    let store: any SettingsStore

    struct Owner: Equatable {
        var accountID: String
        var channelID: String?
    }

    /// Ideogram's ids are URL-safe base64; anything else is not one of theirs.
    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "=") }
    }

    private static func key(_ id: String) -> String { "relay.generation." + id }
    private static func resultKey(_ id: String) -> String { "relay.generation-result." + id }

    func record(_ id: String, accountID: String, channelID: String) async throws {
        guard Self.isValidID(id) else { return }
        _ = try await store.settingIfAbsent(Self.key(id), value: accountID + "\t" + channelID)
    }

    func owner(of id: String) async throws -> Owner? {
        guard Self.isValidID(id), let value = try await store.setting(Self.key(id)) else { return nil }
        let parts = value.split(separator: "\t", maxSplits: 1).map(String.init)
        return Owner(accountID: parts[0], channelID: parts.count > 1 ? parts[1] : nil)
    }

    /// A completed generation's answer, with its links already rehosted: kept so that polling it
    /// again neither downloads nor stores its images again.
    func completedAnswer(_ id: String) async throws -> Data? {
        guard let text = try await store.setting(Self.resultKey(id)) else { return nil }
        return Data(base64Encoded: text)
    }

    func recordCompleted(_ id: String, answer: Data) async throws {
        _ = try await store.settingIfAbsent(Self.resultKey(id), value: answer.base64EncodedString())
    }
}
