import HTTPTypes
import Hummingbird
import IdeogramAPI
import NIOCore

/// How the caller wants the request carried out: quoted only, now, or as a task answered later.
///
/// Clients that can set headers send `Prefer: respond-async`; the rest use `?async=true` or an
/// `async` field in the body. A `webhook_url` (query or body field) asks for the result by POST.
/// These controls are the gateway's, so they are taken out of the fields sent upstream.
struct ExecutionMode: Sendable {
    var dryRun: Bool
    var isAsync: Bool
    var webhookURL: String?
    /// How an accepted task is announced: the gateway's task body, or Ideogram's `{generation_id}`.
    var answer: TaskAnswer = .task

    static let preferField = HTTPField.Name("Prefer")!

    /// The caller's controls, with the body's `async` and `webhook_url` fields taken out of the
    /// request (they are the gateway's, not Ideogram's).
    init(controls: RequestControls, decoded: inout IdeogramRequest) {
        if controls.dryRun { decoded.dryRun = true }
        dryRun = decoded.dryRun
        let asyncField = decoded.fields.removeValue(forKey: "async").map(\.formText)
        isAsync = controls.preferAsync || controls.asyncQuery || asyncField.map(Self.isTrue) == true
        let webhookField = decoded.fields.removeValue(forKey: "webhook_url").map(\.formText)
        webhookURL = controls.webhookURL ?? webhookField
        if webhookURL != nil { isAsync = true }
    }

    /// An Ideogram `…/async/…` route: always a task, announced as Ideogram does, with the
    /// `webhook_url` query parameter required where the spec requires it.
    mutating func apply(_ twin: AsyncTwin) throws {
        if twin.webhookRequired, webhookURL?.isEmpty ?? true {
            throw GatewayError(
                .badRequest, "missing_webhook_url", "This route requires the 'webhook_url' query parameter (an HTTPS URL for the result).",
                details: ["param": .string("webhook_url")])
        }
        isAsync = true
        answer = .generationID
    }

    static func isTrue(_ text: String) -> Bool {
        ["true", "1", "yes", "on"].contains(text.lowercased())
    }
}

/// What the caller said outside the body: the query and headers that steer a request. Read at
/// the edge, so the pipeline never looks at HTTP.
struct RequestControls: Sendable {
    var dryRun = false
    var preferAsync = false
    var asyncQuery = false
    var webhookURL: String?
    var idempotencyKey: String?
    /// Set when the request came in on an Ideogram `…/async/…` route.
    var asyncTwin: AsyncTwin?

    static let idempotencyKeyField = HTTPField.Name("Idempotency-Key")!

    init() {}

    init(request: Request, asyncTwin: AsyncTwin? = nil) {
        let query = request.uri.queryParameters
        dryRun = query["dry_run"].map { ExecutionMode.isTrue(String($0)) } == true
        preferAsync = request.headers[values: ExecutionMode.preferField].joined(separator: ",").lowercased().contains("respond-async")
        asyncQuery = query["async"].map { ExecutionMode.isTrue(String($0)) } == true
        webhookURL = query["webhook_url"].map(String.init)
        idempotencyKey = request.headers[Self.idempotencyKeyField]
        self.asyncTwin = asyncTwin
    }
}

/// One request for the pipeline: the operation, its body as received, the caller's controls and
/// where it came from.
struct PipelineRequest: Sendable {
    var operation: IdeogramAPI.Operation
    var body: ByteBuffer
    var contentType: String?
    var controls: RequestControls
    var origin: RequestOrigin
    var needs: DeliveryNeeds = .links
}

/// Where a request came from, as far as the later steps need to know.
struct RequestOrigin: Sendable {
    var requestID: String
    /// Absolute base for image links.
    var baseURL: String
    var remoteAddress: SocketAddress?
    /// Completes when the client hangs up; nil for tasks, which outlive their connection.
    var connectionClosed: EventLoopFuture<Void>?
}

/// An Ideogram `…/async/…` route (Ideogram 4 and 4.5): what differs from its synchronous path.
public struct AsyncTwin: Sendable {
    public var webhookRequired: Bool

    public init(webhookRequired: Bool) { self.webhookRequired = webhookRequired }
}

/// How the answer to an accepted task looks.
enum TaskAnswer: Sendable {
    /// 202 with the gateway's task body (`TaskAccepted`) and a Location to poll.
    case task
    /// 200 `{"generation_id": …}`, as Ideogram's async routes answer (`AsyncImageGenerationResponseV4`).
    case generationID
}
