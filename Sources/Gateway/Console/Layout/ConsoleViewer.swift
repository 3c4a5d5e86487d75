import Foundation
import Hummingbird

/// Who is looking at a customer page: the session, the console user and their account.
struct ConsoleViewer: Sendable {
    var session: ConsoleSessionRecord
    var user: ConsoleUser
    var account: Account

    func area(_ active: String) -> ConsolePage.Area {
        .customer(email: user.email, csrf: session.csrfToken, active: active)
    }

    /// Finds the viewer behind a request's session cookie.
    struct Loader: Sendable {
        let store: any ConsoleStore & AccountStore
        let sessions: ConsoleSessions

        func load(_ request: Request) async throws -> ConsoleViewer? {
            guard let session = try await sessions.current(request, admin: false), let userID = session.userID,
                  let user = try await store.consoleUser(id: userID), let account = try await store.account(id: user.accountID)
            else { return nil }
            return ConsoleViewer(session: session, user: user, account: account)
        }

        /// For pages: the viewer, or a redirect to sign-in carried as an error.
        func require(_ request: Request) async throws -> ConsoleViewer {
            guard let viewer = try await load(request) else { throw SignInRequired() }
            return viewer
        }
    }
}

/// Thrown by a page that needs a signed-in viewer; `ConsoleRoutes` answers it with a redirect.
struct SignInRequired: Error {}
