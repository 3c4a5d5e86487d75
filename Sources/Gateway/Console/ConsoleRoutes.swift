import HTTPTypes
import Foundation
import Hummingbird
import IdeogramAPI
import NIOCore

/// Mounts the web console at `/console`: the customers' pages, the playground's proxy into the
/// image pipeline, the operator's pages under `/console/admin`, and the embedded assets.
struct ConsoleRoutes {
    let gateway: Ideogate
    let pipeline: ImagePipeline

    /// `IDEOGATE_CONSOLE_SECURE_COOKIES=true|false` forces the cookies' Secure attribute; unset,
    /// it follows the public URL's scheme or `X-Forwarded-Proto`.
    static func secureCookieOverride(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool? {
        environment["IDEOGATE_CONSOLE_SECURE_COOKIES"].flatMap { Bool($0.lowercased()) }
    }

    func register(on router: Router<GatewayContext>) {
        let cookies = ConsoleCookies(forceSecure: Self.secureCookieOverride(), publicURL: gateway.config.publicURL)
        let sessions = ConsoleSessions(store: gateway.store, cookies: cookies)
        let group = router.group("console").add(middleware: ConsoleErrorPages())
        group.get { request, _ in
            let signedIn = try await sessions.current(request, admin: false) != nil
            return ConsolePage.redirect(signedIn ? "/console/home" : "/console/signin")
        }
        ConsoleAssetRoutes().register(on: group)
        ConsoleAuthRoutes(store: gateway.store, sessions: sessions, cookies: cookies, limits: gateway.config.console).register(on: group)
        let viewer = ConsoleViewer.Loader(store: gateway.store, sessions: sessions)
        CustomerConsoleRoutes(gateway: gateway).register(on: group.group().add(middleware: CustomerSessionMiddleware(viewer: viewer)))
        PlaygroundProxy(pipeline: pipeline, keyring: ConsoleKeyring(store: gateway.store), store: gateway.store)
            .register(on: group.group().add(middleware: CustomerSessionMiddleware(viewer: viewer, whenSignedOut: .jsonError)))
        AdminConsoleRoutes(gateway: gateway, sessions: sessions).register(on: group)
    }
}

/// Turns errors on console pages into an HTML page with the status and the error's code (the
/// playground's `/console/api` calls keep the gateway's JSON errors, which the script reads).
struct ConsoleErrorPages: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            if !request.uri.path.hasPrefix("/console/api/") {
                for field in ConsolePage.securityHeaders where response.headers[field.name] == nil {
                    response.headers.append(field)
                }
            }
            return response
        } catch is SignInRequired {
            let path = request.uri.path
            if path.hasPrefix("/console/api/") { throw CustomerSessionMiddleware.signedOut }
            return ConsolePage.redirect(path.hasPrefix("/console/admin") ? "/console/admin/signin" : "/console/signin")
        } catch where !request.uri.path.hasPrefix("/console/api/") {
            // Pages answer every error as a page; the playground's calls keep the JSON errors.
            let mapped = GatewayError.caller(from: error)
            if mapped == nil { ErrorMiddleware.logUnhandled(error, context: context) }
            return Self.page(for: mapped ?? .internalError, requestID: context.requestID)
        }
    }

    /// What `error.mustache` shows.
    struct ErrorView {
        var status: Int
        var reason: String
        var message: String
        var code: String
        var requestID: String
    }

    static func page(for error: GatewayError, requestID: String) -> Response {
        let view = ErrorView(
            status: error.status.code, reason: error.status.reasonPhrase, message: error.message, code: error.code, requestID: requestID)
        var response = ConsolePage(title: "Error", area: .none, template: .error, view: view).response(status: error.status)
        response.headers[ConsolePage.errorCodeField] = error.code
        // Retry-After and the like, which the error carries for its caller.
        for field in error.headers { response.headers[field.name] = field.value }
        return response
    }
}
