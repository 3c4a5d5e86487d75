import HTTPTypes
import Hummingbird
import IdeogramAPI

/// Mounts every Ideogram endpoint twice: under `/ideogram` (the seed's paths) and at the root,
/// for clients that only swap Ideogram's host for ours.
struct IdeogramRoutes {
    let pipeline: ImagePipeline

    func register(on router: Router<GatewayContext>) {
        let router = router.group().add(middleware: APIKeyMiddleware(authenticator: pipeline.authenticator))
        for operation in IdeogramAPI.Operation.allCases {
            for prefix in ["/ideogram", ""] {
                let pipeline = self.pipeline
                router.post(RouterPath(prefix + operation.path)) { request, context in
                    guard operation.isV2 else {
                        let response = try await pipeline.handle(operation, request: request, context: context)
                        return Self.markDeprecated(response, operation, prefix: prefix)
                    }
                    // /v2: 402 and 429 answer Ideogram's GenerationErrorResponse.
                    do {
                        return try await pipeline.handle(operation, request: request, context: context)
                    } catch {
                        if let response = GenerationErrorBody.response(for: error, requestID: context.requestID) { return response }
                        throw error
                    }
                }
                // Ideogram 4 and 4.5: the `…/async/…` twin answers `{generation_id}` and runs as a task.
                if let asyncPath = operation.asyncTwinPath {
                    let twin = AsyncTwin(webhookRequired: operation.asyncTwinRequiresWebhook)
                    router.post(RouterPath(prefix + asyncPath)) { request, context in
                        try await pipeline.handle(operation, request: request, context: context, asyncTwin: twin)
                    }
                }
            }
        }
        for (path, operation) in Self.aliases {
            for prefix in ["/ideogram", ""] {
                let pipeline = self.pipeline
                router.post(RouterPath(prefix + path)) { request, context in
                    try await pipeline.handle(operation, request: request, context: context)
                }
            }
        }
    }

    static let deprecationField = HTTPField.Name("Deprecation")!
    static let linkField = HTTPField.Name("Link")!

    /// A deprecated endpoint's answers carry RFC 9745's `Deprecation` (the date Ideogram's spec
    /// marked it) and a `Link` to its successor, so a client's logs show the move before Ideogram
    /// retires the route.
    static func markDeprecated(_ response: Response, _ operation: IdeogramAPI.Operation, prefix: String) -> Response {
        guard let successor = operation.successor, let since = operation.deprecatedSince else { return response }
        var response = response
        response.headers[deprecationField] = "@\(since)"
        response.headers[linkField] = "<\(prefix)\(successor.path)>; rel=\"successor-version\""
        return response
    }

    /// Paths other relays use for the same operations. Some Cherry Studio releases call
    /// AiHubMix's `/ideogram/aihubmix_image_{generate,remix,upscale}`; AiHubMix documents its
    /// Ideogram surface as the legacy endpoints (`/ideogram/generate` …, docs.aihubmix.com
    /// "Ideogram AI Drawing"), and nothing public describes these three paths' bodies, so they
    /// are taken to carry the legacy bodies (`image_request`) of generate, remix and upscale.
    static let aliases: [(path: String, operation: IdeogramAPI.Operation)] = [
        ("/aihubmix_image_generate", .generate),
        ("/aihubmix_image_remix", .remix),
        ("/aihubmix_image_upscale", .upscale),
    ]
}
