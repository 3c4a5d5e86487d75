import HTTPTypes
import Hummingbird

/// Lets a request into `/admin/v1` only with `Authorization: Bearer <admin token>`.
///
/// The token's SHA-256 is compared with the one first run stored; the token itself is never
/// stored or logged. The hash is read per request so a token rotated by another process (the
/// CLI) takes effect at once.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let store: any SettingsStore

    static let refusal = GatewayError(
        .unauthorized, "invalid_admin_token", "Send the admin token as Authorization: Bearer adm-….")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Credentials.bearerToken(in: request.headers), try await AdminToken.matches(token, store: store) else {
            throw Self.refusal
        }
        return try await next(request, context)
    }
}

extension GatewayContext {
    /// A path parameter, percent-decoded (a price variant may arrive as `%2A` for `*`).
    func pathParameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
