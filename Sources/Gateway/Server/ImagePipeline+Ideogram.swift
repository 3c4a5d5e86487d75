import HTTPTypes
import Hummingbird
import IdeogramAPI

/// The Ideogram surface: an HTTP request in, Ideogram's own answer out.
extension ImagePipeline {
    /// Runs a request of the caller `APIKeyMiddleware` authenticated from the headers alone: its
    /// address is admitted, then its body read — so a caller without a valid key costs a header
    /// parse and nothing more.
    func handle(
        _ operation: IdeogramAPI.Operation, request: Request, context: GatewayContext, asyncTwin: AsyncTwin? = nil
    ) async throws -> Response {
        let (received, caller) = try await receive(operation, request: request, context: context, asyncTwin: asyncTwin)
        return try await run(received, caller: caller).response
    }

    /// Admits the address and reads the body. Its own function, so that the HTTP request and
    /// context it reads from are not copied into `handle`'s frame, which stays allocated while
    /// the request waits upstream (see `process`).
    @inline(never)
    private func receive(
        _ operation: IdeogramAPI.Operation, request: Request, context: GatewayContext, asyncTwin: AsyncTwin?
    ) async throws -> (PipelineRequest, Caller) {
        let caller = try context.requireCaller()
        let body: ByteBuffer
        do {
            try Admission.checkAddress(caller.key.scope, from: context.remoteAddress)
            body = try await bodyLimits.collect(request)
        } catch {
            await recordFailure(error, operation: operation, caller: caller, requestID: context.requestID, started: .now)
            throw error
        }
        let received = PipelineRequest(
            operation, body: body, request: request, context: context, asyncTwin: asyncTwin, baseURL: baseURL(of: request))
        return (received, caller)
    }

    /// Absolute base for image links: the configured public URL, else what the caller used to
    /// reach us.
    func baseURL(of request: Request) -> String {
        if let publicURL { return publicURL }
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? "http"
        let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] ?? "localhost"
        return "\(scheme)://\(host)"
    }
}

extension PipelineOutcome {
    /// The Ideogram answer as sent, marked when it is a replay.
    var response: Response {
        var answer = self.answer
        if replayed { answer.headers[IdempotencyGate.replayedField] = "true" }
        return answer.response
    }
}

extension PipelineRequest {
    /// A request as an HTTP surface receives it: its controls come from the query and headers.
    init(
        _ operation: IdeogramAPI.Operation, body: ByteBuffer, request: Request, context: GatewayContext, asyncTwin: AsyncTwin? = nil,
        baseURL: String, needs: DeliveryNeeds = .links
    ) {
        self.init(
            operation: operation, body: body, contentType: request.headers[.contentType],
            controls: RequestControls(request: request, asyncTwin: asyncTwin),
            origin: RequestOrigin(
                requestID: context.requestID, baseURL: baseURL, remoteAddress: context.remoteAddress,
                connectionClosed: context.connectionClosed),
            needs: needs)
    }
}
