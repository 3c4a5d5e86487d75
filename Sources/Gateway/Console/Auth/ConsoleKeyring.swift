import Foundation

/// The key the console's playground spends through, one per user, labelled `console`.
///
/// Why a key at all: every paid request names the key it came with (usage rows, scopes, the
/// keys page), and the playground's requests should read like any other in those places. The
/// console runs them as the signed-in user with this key's record; its secret is never needed,
/// so it is never kept — not even sealed. If the user revokes it on the keys page, the next
/// playground call makes a new one.
struct ConsoleKeyring: Sendable {
    let store: any GatewayStore

    static let label = "console"

    func key(for user: ConsoleUser, now: Date = Date()) async throws -> APIKeyRecord {
        if let id = user.consoleKeyID, let key = try await store.key(id: id), key.revokedAt == nil,
           key.accountID == user.accountID, (key.expiresAt ?? .max) > now.millis {
            return key
        }
        let key = try await AccountService(store: store).createKey(accountID: user.accountID, label: Self.label)
        try await store.setConsoleKey(userID: user.id, keyID: key.record.id)
        return key.record
    }
}
