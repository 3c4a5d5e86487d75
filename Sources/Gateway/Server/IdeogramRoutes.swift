import Hummingbird
import IdeogramAPI

/// Mounts every Ideogram endpoint twice: under `/ideogram` (the seed's paths) and at the root,
/// for clients that only swap Ideogram's host for ours.
struct IdeogramRoutes {
    let pipeline: ImagePipeline

    func register(on router: Router<GatewayContext>) {
        for operation in IdeogramAPI.Operation.allCases {
            for prefix in ["/ideogram", ""] {
                let pipeline = self.pipeline
                router.post(RouterPath(prefix + operation.path)) { request, context in
                    guard operation.isV2 else { return try await pipeline.handle(operation, request: request, context: context) }
                    // /v2: 402 and 429 answer Ideogram's GenerationErrorResponse.
                    do {
                        return try await pipeline.handle(operation, request: request, context: context)
                    } catch {
                        if let response = GenerationErrorBody.response(for: error, requestID: context.requestID) { return response }
                        throw error
                    }
                }
            }
        }
    }
}
