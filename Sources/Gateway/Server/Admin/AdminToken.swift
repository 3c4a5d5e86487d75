import Foundation

/// The operator's bearer token for `/admin/v1` and `/console/admin`. Only its SHA-256 is stored
/// (settings row `admin_token_hash`); the token itself is shown once, when it is made.
public enum AdminToken {
    public static let settingKey = "admin_token_hash"

    static func make() -> String { "adm-" + KeySecret.randomToken(length: 40) }

    /// Whether `token` is the current admin token. The hash is read on every call, so a token
    /// rotated by another process (the CLI) stops working at once.
    static func matches(_ token: String, store: any SettingsStore) async throws -> Bool {
        guard !token.isEmpty, let stored = try await store.setting(settingKey) else { return false }
        return Credentials.constantTimeEqual(Array(KeySecret.hash(token).utf8), Array(stored.utf8))
    }

    /// Replaces the token. The old one stops working at once, and so does every operator console
    /// session, whichever token opened it: a token is rotated because it may have leaked, and a
    /// session opened with a leaked token is as good as the token. Returns the new token.
    public static func rotate(store: any SettingsStore) async throws -> String {
        let token = make()
        try await store.replaceAdminToken(hash: KeySecret.hash(token))
        return token
    }
}
