/// Operator settings and the secrets the install generates once.
public protocol SettingsStore: Sendable {
    func setting(_ key: String) async throws -> String?
    /// Sets the value only if the key has none yet; returns the value that is stored afterwards.
    func settingIfAbsent(_ key: String, value: String) async throws -> String
    func setSetting(_ key: String, value: String) async throws
    /// Stores a new admin token hash and ends every operator console session in one transaction:
    /// a rotated token leaves nothing behind that it had opened.
    func replaceAdminToken(hash: String) async throws
}
