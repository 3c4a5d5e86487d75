import Foundation
import Hummingbird
import IdeogramAPI
import OpenAIAPI

/// The OpenAI-compatible images API (DESIGN.md §5): `POST /v1/images/generations`,
/// `POST /v1/images/edits`, `GET /v1/models`. Each image request is translated into the native
/// request it stands for and run through the same `ImagePipeline`, so authentication, scopes,
/// holds, prices and usage rows are exactly those of the native call.
struct OpenAIRoutes {
    let pipeline: ImagePipeline
    let images: any ImageStore

    /// When the model list says the models were created: Ideogram 3.0's API release, fixed so
    /// the list is stable between calls.
    static let modelsCreated = 1_743_465_600

    func register(on router: Router<GatewayContext>) {
        let pipeline = self.pipeline
        let converter = OpenAIResponseConverter(images: images)
        let openAI = router.group("/v1").add(middleware: OpenAIErrorMiddleware())
        let group = openAI.group().add(middleware: APIKeyMiddleware(authenticator: pipeline.authenticator))
        // The key is checked from the headers before a byte of the body is read or decoded.
        openAI.group("images/generations").add(middleware: APIKeyMiddleware(authenticator: pipeline.authenticator, refusal: .deferred))
            .post { request, context -> Response in
                let caller = try await Self.checkModelBeforeKey(request, context: context, pipeline: pipeline)
                let body = try await pipeline.bodyLimits.collect(request)
                let openAI = try OpenAIGenerationRequest(json: body)
                return try await Self.run(
                    openAI.nativeCall(), caller: caller, options: openAI.options, pipeline: pipeline, converter: converter, request: request,
                    context: context)
            }
        group.post("images/edits") { request, context -> Response in
            let caller = try context.admittedCaller()
            let body = try await pipeline.bodyLimits.collect(request)
            let contentType = request.headers[.contentType]
            let limits = pipeline.decoder.limits
            let openAI = try await pipeline.cpu.run { try OpenAIEditRequest(contentType: contentType, body: body, limits: limits) }
            return try await Self.run(
                openAI.nativeCall(), caller: caller, options: openAI.options, pipeline: pipeline, converter: converter, request: request,
                context: context)
        }
        group.get("models") { _, context -> Response in
            // Same rule as the image endpoints: the list is for key holders.
            _ = try context.requireCaller()
            return try Response.json(ModelList(data: OpenAIModel.all.map(ModelEntry.init)))
        }
        group.get("models/:id") { _, context -> Response in
            _ = try context.requireCaller()
            let id = try context.parameters.require("id")
            guard let model = OpenAIModel.all.first(where: { $0.id == id }) else {
                throw GatewayError(.notFound, "model_not_found", "The model '\(id)' does not exist.", details: ["param": .string("model")])
            }
            return try Response.json(ModelEntry(model))
        }
    }

    /// The key, checked from the headers before the body is read — with one exception for the
    /// mistake new users make together with a wrong key: when a key was sent but is not valid,
    /// the (bounded) body is read and an unknown `model` reported first, so the client learns
    /// which model names exist before it fixes its key. A request without any key is still
    /// refused from its headers alone, so an anonymous caller never costs a body read.
    private static func checkModelBeforeKey(_ request: Request, context: GatewayContext, pipeline: ImagePipeline) async throws -> Caller {
        if case .refused(let refusal)? = context.identity {
            if let body = try? await pipeline.bodyLimits.collect(request) {
                try OpenAIModel.check(body: body)
            }
            throw refusal
        }
        return try context.admittedCaller()
    }

    private static func run(
        _ call: NativeCall, caller: Caller, options: OpenAIImageOptions, pipeline: ImagePipeline, converter: OpenAIResponseConverter,
        request: Request, context: GatewayContext
    ) async throws -> Response {
        let needs = DeliveryNeeds(bytes: options.responseFormat == .b64JSON)
        var native = PipelineRequest(
            call.operation, body: call.body, request: request, context: context, baseURL: pipeline.baseURL(of: request), needs: needs)
        native.contentType = call.contentType
        let outcome = try await pipeline.run(native, caller: caller)
        return try await converter.convert(outcome, prompt: options.prompt, format: options.responseFormat)
    }

    struct ModelList: Encodable {
        var object = "list"
        var data: [ModelEntry]
    }

    struct ModelEntry: Encodable {
        var id: String
        var object = "model"
        var created = OpenAIRoutes.modelsCreated
        var ownedBy = "ideogate"

        init(_ model: OpenAIModel) { id = model.id }
    }
}
