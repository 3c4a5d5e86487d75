/// The web console's own data: users, sessions, gallery notes.
public protocol ConsoleStore: Sendable {
    /// Throws `ConsoleStoreError.emailTaken` when the email is already registered.
    func createConsoleUser(_ user: ConsoleUser) async throws
    func consoleUser(email: String) async throws -> ConsoleUser?
    func consoleUser(id: String) async throws -> ConsoleUser?
    /// Records the user's console key. Only its id: the console never needs its secret.
    func setConsoleKey(userID: String, keyID: String) async throws
    func createConsoleSession(_ session: ConsoleSessionRecord) async throws
    /// The session with that token hash, if it exists and has not expired at `now`.
    func consoleSession(tokenHash: String, now: Millis) async throws -> ConsoleSessionRecord?
    func deleteConsoleSession(tokenHash: String) async throws
    func setConsoleSessionSecret(tokenHash: String, sealed: String?) async throws
    func recordConsoleImages(_ notes: [ConsoleImageNote]) async throws
    /// An account's stored images, newest first, with their request's price and any console note.
    func galleryImages(accountID: String, limit: Int, offset: Int) async throws -> [GalleryImage]
}

/// Problems the console's writes report to their caller.
public enum ConsoleStoreError: Error, Equatable {
    case emailTaken
}
