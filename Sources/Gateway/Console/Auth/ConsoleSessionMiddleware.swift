import Hummingbird

/// Opens the customer's console session behind the cookie for the pages it guards and puts the
/// viewer on the request context (`context.viewer()`), as `APIKeyMiddleware` does for keys.
struct CustomerSessionMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let viewer: ConsoleViewer.Loader
    var whenSignedOut = SignedOut.redirectToSignIn

    enum SignedOut: Sendable {
        /// Pages: a redirect to the sign-in page (`ConsoleErrorPages`).
        case redirectToSignIn
        /// The playground's script: the gateway's JSON error, which it reads.
        case jsonError
    }

    static let signedOut = GatewayError(.unauthorized, "console_signed_out", "Your console session has ended. Sign in again.")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let viewer = try await viewer.load(request) else {
            switch whenSignedOut {
            case .redirectToSignIn: throw SignInRequired()
            case .jsonError: throw Self.signedOut
            }
        }
        var context = context
        context.identity = .consoleViewer(viewer)
        return try await next(request, context)
    }
}

/// Lets only the operator's console session (opened with the admin token) through; a customer's
/// session on an operator page is refused, no session is sent to sign in.
struct OperatorSessionMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let sessions: ConsoleSessions

    static let notOperator = GatewayError(
        .forbidden, "admin_session_required", "These pages are for the operator. Sign in with the admin token at /console/admin/signin.")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let session = try await sessions.current(request, admin: true) else {
            if try await sessions.current(request, admin: false) != nil { throw Self.notOperator }
            throw SignInRequired()
        }
        guard session.isAdmin else { throw Self.notOperator }
        var context = context
        context.identity = .operatorSession(session)
        return try await next(request, context)
    }
}

extension GatewayContext {
    /// The signed-in customer, as `CustomerSessionMiddleware` found them.
    func viewer() throws -> ConsoleViewer {
        guard case .consoleViewer(let viewer)? = identity else { throw GatewayError.internalError }
        return viewer
    }

    /// The operator's console session, as `OperatorSessionMiddleware` found it.
    func operatorSession() throws -> ConsoleSessionRecord {
        guard case .operatorSession(let session)? = identity else { throw GatewayError.internalError }
        return session
    }
}
