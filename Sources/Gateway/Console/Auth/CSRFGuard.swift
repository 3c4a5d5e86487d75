import Foundation
import HTTPTypes
import Hummingbird

/// Cross-site request forgery checks for every state-changing console request.
///
/// Signed-in forms carry the session's token in a hidden `_csrf` field and script calls send it as
/// `X-CSRF-Token`. The sign-in and sign-up forms have no session yet, so they use a double-submit
/// cookie: a random value both in a cookie and in the form, which another site can neither read
/// nor set. SameSite=Lax cookies are a second line of defence, not the only one.
enum CSRFGuard {
    static let field = "_csrf"
    static let header = HTTPField.Name("X-CSRF-Token")!
    static let preCookie = "ideogate_csrf"

    static let failure = GatewayError(
        .forbidden, "csrf_failed", "The form expired or did not come from this console. Reload the page and try again.")

    static func check(form: FormFields, session: ConsoleSessionRecord) throws {
        try check(given: form[field], expected: session.csrfToken)
    }

    static func check(header request: Request, session: ConsoleSessionRecord) throws {
        try check(given: request.headers[header], expected: session.csrfToken)
    }

    /// The double-submit check of the forms shown before sign-in.
    static func checkPreSession(form: FormFields, request: Request) throws {
        try check(given: form[field], expected: request.cookies[preCookie]?.value)
    }

    static func check(given: String?, expected: String?) throws {
        guard let given, let expected, !expected.isEmpty,
              Credentials.constantTimeEqual(Array(given.utf8), Array(expected.utf8))
        else { throw failure }
    }

    /// The token for a pre-session form: the browser's existing one, or a new one to set.
    static func preSessionToken(_ request: Request) -> (token: String, isNew: Bool) {
        if let existing = request.cookies[preCookie]?.value, existing.count >= 20 { return (existing, false) }
        return (KeySecret.randomToken(length: 32), true)
    }
}
