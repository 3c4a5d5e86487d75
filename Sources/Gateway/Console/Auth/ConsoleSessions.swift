import Foundation
import HTTPTypes
import Hummingbird

/// Console sign-in state. A session is a random token in a cookie; the store keeps only its hash,
/// the session's CSRF token and what it may do. Customers and operators use separate cookies
/// (the operator's is scoped to `/console/admin`), so one browser can hold both.
struct ConsoleSessions: Sendable {
    let store: any ConsoleStore
    let cookies: ConsoleCookies

    static let customerCookie = "ideogate_session"
    static let adminCookie = "ideogate_admin"
    static let customerLifetime: Millis = 7 * 86_400_000
    static let adminLifetime: Millis = 12 * 3_600_000

    struct Started: Sendable {
        var record: ConsoleSessionRecord
        var cookie: String
    }

    func start(userID: String?, isAdmin: Bool, request: Request, now: Millis = Date().millis) async throws -> Started {
        let token = KeySecret.randomToken(length: 43)
        let lifetime = isAdmin ? Self.adminLifetime : Self.customerLifetime
        let record = ConsoleSessionRecord(
            tokenHash: KeySecret.hash(token), userID: userID, isAdmin: isAdmin, csrfToken: KeySecret.randomToken(length: 32),
            createdAt: now, expiresAt: now + lifetime, lastSecretSealed: nil)
        try await store.createConsoleSession(record)
        let cookie = cookies.make(
            name: isAdmin ? Self.adminCookie : Self.customerCookie, value: token,
            path: isAdmin ? "/console/admin" : "/console", maxAge: Int(lifetime / 1000), request: request)
        return Started(record: record, cookie: cookie)
    }

    /// The session the request's cookie names, if it is live.
    func current(_ request: Request, admin: Bool, now: Millis = Date().millis) async throws -> ConsoleSessionRecord? {
        guard let token = request.cookies[admin ? Self.adminCookie : Self.customerCookie]?.value, !token.isEmpty else { return nil }
        return try await store.consoleSession(tokenHash: KeySecret.hash(token), now: now)
    }

    /// Ends the session and returns the cookie that clears it in the browser.
    func end(_ request: Request, admin: Bool) async throws -> String {
        if let token = request.cookies[admin ? Self.adminCookie : Self.customerCookie]?.value {
            try await store.deleteConsoleSession(tokenHash: KeySecret.hash(token))
        }
        return cookies.make(
            name: admin ? Self.adminCookie : Self.customerCookie, value: "", path: admin ? "/console/admin" : "/console",
            maxAge: 0, request: request)
    }
}
