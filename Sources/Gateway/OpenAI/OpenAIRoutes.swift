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
    let store: any UsageStore

    /// When the model list says the models were created: Ideogram 3.0's API release, fixed so
    /// the list is stable between calls.
    static let modelsCreated = 1_743_465_600

    func register(on router: Router<GatewayContext>) {
        let pipeline = self.pipeline
        let converter = OpenAIResponseConverter(images: images, store: store)
        let group = router.group("/v1").add(middleware: OpenAIErrorMiddleware())
        // The key is checked from the headers before a byte of the body is read or decoded.
        group.post("images/generations") { request, context -> Response in
            let caller = try await Self.admitReportingModel(request, context: context, pipeline: pipeline)
            let body = try await pipeline.bodyLimits.collect(request)
            let openAI = try OpenAIGenerationRequest(json: body)
            return try await Self.run(
                openAI.nativeCall(), caller: caller, options: openAI.options, pipeline: pipeline, converter: converter, request: request,
                context: context)
        }
        group.post("images/edits") { request, context -> Response in
            let caller = try await pipeline.admit(request, context: context)
            let body = try await pipeline.bodyLimits.collect(request)
            let contentType = request.headers[.contentType]
            let limits = pipeline.decoder.limits
            let openAI = try await pipeline.cpu.run { try OpenAIEditRequest(contentType: contentType, body: body, limits: limits) }
            return try await Self.run(
                openAI.nativeCall(), caller: caller, options: openAI.options, pipeline: pipeline, converter: converter, request: request,
                context: context)
        }
        group.get("models") { request, _ -> Response in
            // Same rule as the image endpoints: the list is for key holders.
            _ = try await pipeline.authenticator.authenticate(request.headers)
            return try Response.json(ModelList(data: OpenAIModel.all.map(ModelEntry.init)))
        }
        group.get("models/:id") { request, context -> Response in
            _ = try await pipeline.authenticator.authenticate(request.headers)
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
    private static func admitReportingModel(_ request: Request, context: GatewayContext, pipeline: ImagePipeline) async throws -> Caller {
        do {
            return try await pipeline.admit(request, context: context)
        } catch let error as GatewayError where error.status == .unauthorized && Authenticator.secret(in: request.headers) != nil {
            if let body = try? await pipeline.bodyLimits.collect(request) {
                try OpenAIModel.check(body: body)
            }
            throw error
        }
    }

    private static func run(
        _ call: NativeCall, caller: Caller, options: OpenAIImageOptions, pipeline: ImagePipeline, converter: OpenAIResponseConverter,
        request: Request, context: GatewayContext
    ) async throws -> Response {
        let receipt = DeliveryReceipt(needsBytes: options.responseFormat == .b64JSON)
        let native = try await DeliveryReceipt.$current.withValue(receipt) {
            try await pipeline.handle(
                call.operation, caller: caller, body: call.body, contentType: call.contentType, request: request, context: context)
        }
        return try await converter.convert(native, prompt: options.prompt, format: options.responseFormat, receipt: receipt, accountID: caller.account.id)
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
