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

    init(request: Request, decoded: inout IdeogramRequest) {
        let query = request.uri.queryParameters
        if query["dry_run"].map({ Self.isTrue(String($0)) }) == true { decoded.dryRun = true }
        dryRun = decoded.dryRun
        let prefer = request.headers[values: Self.preferField].joined(separator: ",").lowercased()
        let asyncField = decoded.fields.removeValue(forKey: "async").map(\.formText)
        isAsync = prefer.contains("respond-async")
            || query["async"].map { Self.isTrue(String($0)) } == true
            || asyncField.map(Self.isTrue) == true
        let webhookField = decoded.fields.removeValue(forKey: "webhook_url").map(\.formText)
        webhookURL = query["webhook_url"].map(String.init) ?? webhookField
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
