import HTTPTypes
import Foundation
import Hummingbird

/// `/console/signin`, `/console/signup` and `/console/signout` for customers.
struct ConsoleAuthRoutes {
    let store: any GatewayStore
    let sessions: ConsoleSessions
    let cookies: ConsoleCookies
    let limits: ConsoleLimits

    func register(on group: RouterGroup<GatewayContext>) {
        let accounts = ConsoleAccounts(
            store: store, workers: PasswordWorkers.make(concurrent: limits.concurrentHashes, queued: limits.queuedHashes))
        let throttle = ConsoleThrottle(limits)

        group.get("signin") { request, _ in
            try await form(.signIn, request: request, accounts: accounts)
        }
        group.get("signup") { request, _ in
            try await form(.signUp, request: request, accounts: accounts)
        }
        group.post("signin") { request, context in
            let fields = try await FormFields.read(request)
            try CSRFGuard.checkPreSession(form: fields, request: request)
            do {
                let email = fields["email"] ?? ""
                try await throttle.admit(.signIn, address: context.remoteAddress, email: email)
                let user = try await accounts.signIn(email: email, password: fields["password"] ?? "")
                await throttle.signedIn(email: email)
                let started = try await sessions.start(userID: user.id, isAdmin: false, request: request)
                return ConsolePage.redirect("/console/home", cookies: [started.cookie])
            } catch let error as GatewayError {
                return try await form(.signIn, request: request, accounts: accounts, email: fields["email"], error: error)
            }
        }
        group.post("signup") { request, context in
            let fields = try await FormFields.read(request)
            try CSRFGuard.checkPreSession(form: fields, request: request)
            do {
                let email = fields["email"] ?? ""
                try await throttle.admit(.signUp, address: context.remoteAddress, email: email)
                let user = try await accounts.signUp(email: email, password: fields["password"] ?? "")
                let started = try await sessions.start(userID: user.id, isAdmin: false, request: request)
                return ConsolePage.redirect("/console/home?welcome=1", cookies: [started.cookie])
            } catch let error as GatewayError {
                return try await form(.signUp, request: request, accounts: accounts, email: fields["email"], error: error)
            }
        }
        group.post("signout") { request, _ in
            let fields = try await FormFields.read(request)
            if let session = try await sessions.current(request, admin: false) {
                try CSRFGuard.check(form: fields, session: session)
            }
            let cleared = try await sessions.end(request, admin: false)
            return ConsolePage.redirect("/console/signin", cookies: [cleared])
        }
    }

    enum Kind { case signIn, signUp }

    /// What `signin.mustache` shows, for signing in or signing up.
    struct FormView {
        var title: String
        var notices: [ConsoleNotice]
        /// The pre-session CSRF token (no session exists yet).
        var csrf: String
        /// Sign-up while the operator has it turned off: a notice instead of the form.
        var closed: Bool
        var action: String
        var email: String
        var minLength: Int
        var autocomplete: String
        var button: String
        var offerSignUp: Bool
        var offerSignIn: Bool
    }

    func form(
        _ kind: Kind, request: Request, accounts: ConsoleAccounts, email: String? = nil, error: GatewayError? = nil
    ) async throws -> Response {
        let (token, isNew) = CSRFGuard.preSessionToken(request)
        let signUpOpen = try await accounts.signUpAllowed()
        let title = kind == .signIn ? "Sign in" : "Create your account"
        let view = FormView(
            title: title, notices: ConsoleNotice.list(error: error?.message), csrf: token,
            closed: kind == .signUp && !signUpOpen,
            action: kind == .signIn ? "/console/signin" : "/console/signup", email: email ?? "",
            minLength: kind == .signUp ? ConsoleAccounts.minPasswordLength : 1,
            autocomplete: kind == .signIn ? "current-password" : "new-password",
            button: kind == .signIn ? "Sign in" : "Create account",
            offerSignUp: kind == .signIn && signUpOpen, offerSignIn: kind == .signUp)
        let status: HTTPResponse.Status = error?.status ?? .ok
        let cookie = isNew ? [cookies.make(name: CSRFGuard.preCookie, value: token, path: "/console", maxAge: 86_400, request: request)] : []
        var response = ConsolePage(title: title, area: .none, template: .signIn, view: view).response(status: status, cookies: cookie)
        if let error {
            // A refusal keeps its code and its headers (a 429's Retry-After) for scripts.
            response.headers[ConsolePage.errorCodeField] = error.code
            for field in error.headers { response.headers[field.name] = field.value }
        }
        return response
    }
}
