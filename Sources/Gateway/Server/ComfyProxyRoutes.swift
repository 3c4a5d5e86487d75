import Foundation
import HTTPTypes
import Hummingbird
import IdeogramAPI

/// The Ideogram endpoints as ComfyUI's API nodes call them when ComfyUI is started with
/// `--comfy-api-base` pointing here (`comfy_api_nodes/nodes_ideogram.py`): under
/// `/proxy/ideogram`, with the V3 paths lacking Ideogram's `/v1` (`/proxy/ideogram/ideogram-v3/edit`),
/// and the key in ComfyUI's own header.
///
/// ComfyUI sends `Authorization: Bearer <token>` when signed in, else `X-API-KEY: <api key>`;
/// the customer puts their `sk-…` key in ComfyUI's API-key setting, so `X-API-KEY` is read as
/// the key here. It is accepted on these paths only: elsewhere the Ideogram headers apply.
struct ComfyProxyRoutes {
    let pipeline: ImagePipeline

    static let prefix = "/proxy/ideogram"

    /// Every path ComfyUI may use for `operation`: the ComfyUI spelling, plus Ideogram's own
    /// path under the prefix for V3 (so a base URL ending in `/proxy/ideogram` works too).
    static func paths(for operation: IdeogramAPI.Operation) -> [String] {
        guard operation.isV3 else { return [prefix + operation.path] }
        return [prefix + operation.path.replacingOccurrences(of: "/v1/ideogram-v3/", with: "/ideogram-v3/"), prefix + operation.path]
    }

    func register(on router: Router<GatewayContext>) {
        let pipeline = self.pipeline
        let router = router.group().add(middleware: ComfyKeyMiddleware()).add(middleware: APIKeyMiddleware(authenticator: pipeline.authenticator))
        // ComfyUI's nodes call the /v1 and legacy routes only; /v2 is not theirs.
        for operation in IdeogramAPI.Operation.allCases where !operation.isV2 {
            for path in Self.paths(for: operation) {
                router.post(RouterPath(path)) { request, context in
                    try await pipeline.handle(operation, request: request, context: context)
                }
            }
        }
    }
}

/// Moves ComfyUI's `X-API-KEY` into `Api-Key`, unless the request already carries a key the
/// Authenticator reads, so that `APIKeyMiddleware` after it finds the key where it always looks.
/// The body streams through untouched.
struct ComfyKeyMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key = request.headers[Credentials.comfyKeyField], request.headers[Credentials.apiKeyField] == nil,
              request.headers[.authorization] == nil
        else { return try await next(request, context) }
        var head = request.head
        head.headerFields[Credentials.apiKeyField] = key
        return try await next(Request(head: head, body: request.body), context)
    }
}
