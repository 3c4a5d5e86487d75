import Foundation

/// The key the console's playground calls the gateway with, one per user, labelled `console`.
///
/// Why a stored key: the playground must go through the ordinary pipeline (authenticate, quote,
/// hold, settle, usage row) with a real key of the user's account, and keys are stored only as
/// hashes. So the console keeps this one key's secret, sealed with the channel cipher, whose key
/// is a file beside the database and never in it: a copy of the database alone opens nothing.
/// The secret never reaches the browser; the console's server side adds it to the request. If
/// the user revokes it on the keys page, the next playground call makes a new one.
struct ConsoleKeyring: Sendable {
    let store: any GatewayStore
    let cipher: ChannelKeyCipher

    static let label = "console"

    func secret(for user: ConsoleUser, now: Date = Date()) async throws -> String {
        if let sealed = user.consoleKeySealed, let secret = try? cipher.open(sealed),
           let key = try await store.key(hash: KeySecret.hash(secret)), key.revokedAt == nil,
           (key.expiresAt ?? .max) > now.millis {
            return secret
        }
        let key = try await AccountService(store: store).createKey(accountID: user.accountID, label: Self.label)
        try await store.setConsoleKey(userID: user.id, keyID: key.record.id, sealed: try cipher.seal(key.secret))
        return key.secret
    }
}
