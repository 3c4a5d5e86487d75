import Foundation
import HTTPTypes
import Hummingbird
import IdeogramAPI
import Logging
import NIOCore

/// `/console/api/ideogram/<Ideogram path>`: the playground's calls, with the session instead of a
/// key. The handler checks the session and its CSRF header and runs the request through the same
/// `ImagePipeline` as the public endpoints, as the signed-in user's console key — so holds,
/// settlements, usage rows and prices are exactly the API's. It notes each image's prompt and
/// seed for the gallery from the outcome.
struct PlaygroundProxy {
    let pipeline: ImagePipeline
    let keyring: ConsoleKeyring
    let store: any AccountStore & ConsoleStore

    static let operations: [IdeogramAPI.Operation] = [.v3Generate, .v3Remix, .v3Edit, .upscale, .describe]

    /// `group` carries `CustomerSessionMiddleware` (answering JSON when signed out).
    func register(on group: RouterGroup<GatewayContext>) {
        for operation in Self.operations {
            group.post(RouterPath("api/ideogram" + operation.path)) { request, context in
                try await handle(operation, request: request, context: context)
            }
        }
    }

    func handle(_ operation: IdeogramAPI.Operation, request: Request, context: GatewayContext) async throws -> Response {
        let v = try context.viewer()
        try CSRFGuard.check(header: request, session: v.session)
        // The signed-in user is the caller: their account, spending through their console key.
        let caller = Caller(key: try await keyring.key(for: v.user), account: v.account)
        let body = try await pipeline.bodyLimits.collect(request)
        let outcome = try await pipeline.run(
            PipelineRequest(operation, body: body, request: request, context: context, baseURL: pipeline.baseURL(of: request)),
            caller: caller)
        var response = outcome.response
        guard response.status == .ok else { return response }
        await note(outcome.images ?? [], operation: operation, accountID: v.account.id, logger: context.logger)
        if let balance = try await store.account(id: v.account.id)?.balanceMicros {
            response.headers[HTTPField.Name("X-Ideogate-Balance")!] = Money.format(balance)
        }
        return response
    }

    func note(_ images: [DeliveredImage], operation: IdeogramAPI.Operation, accountID: String, logger: Logger) async {
        let now = Date().millis
        let notes = images.compactMap { image -> ConsoleImageNote? in
            guard let id = image.storedID else { return nil }
            return ConsoleImageNote(
                imageID: id, accountID: accountID, operation: operation.rawValue, prompt: image.prompt,
                seed: image.seed.map(Int64.init), resolution: image.resolution, createdAt: now)
        }
        // A lost note costs the gallery a caption, never the customer an image: logged, not thrown.
        do { try await store.recordConsoleImages(notes) } catch {
            logger.error("gallery notes not recorded", metadata: ["error": "\(type(of: error))"])
        }
    }
}
