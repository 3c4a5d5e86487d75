import IdeogramAPI
import NIOCore

/// Something that can carry out a validated Ideogram request: the sandbox renderer, or an
/// Ideogram (or Ideogram-compatible) HTTP endpoint.
public protocol Upstream: Sendable {
    /// A name for logs, metrics and the usage log.
    var name: String { get }
    func perform(_ request: IdeogramRequest, seeds: [Int]) async throws(UpstreamFailure) -> UpstreamResult
    /// The pipeline's entry point: `hints` say who is asking (for fair queueing and the sandbox
    /// rule for test keys); the answer says which channel served and how to deliver its images.
    /// A single upstream needs only `perform`; the channel router implements this.
    func serve(_ request: IdeogramRequest, seeds: [Int], hints: RouteHints) async throws(UpstreamFailure) -> RoutedResult
}

extension Upstream {
    public func serve(_ request: IdeogramRequest, seeds: [Int], hints: RouteHints) async throws(UpstreamFailure) -> RoutedResult {
        RoutedResult(result: try await perform(request, seeds: seeds), channel: name, delivery: .init())
    }
}

/// Who a request is for, as far as routing cares.
public struct RouteHints: Sendable {
    public var requestID: String
    public var accountID: String
    /// Test keys (`sk-test-…`) always use the sandbox (DESIGN.md §4).
    public var isTest: Bool
    /// Completes when the caller hangs up. The router gives up waiting for a slot then; once the
    /// request is sent upstream it runs to completion (DESIGN.md §3, money on hang-up).
    public var clientGone: EventLoopFuture<Void>?

    public init(requestID: String, accountID: String, isTest: Bool, clientGone: EventLoopFuture<Void>? = nil) {
        self.requestID = requestID
        self.accountID = accountID
        self.isTest = isTest
        self.clientGone = clientGone
    }
}

/// An upstream's answer together with where it came from.
public struct RoutedResult: Sendable {
    public var result: UpstreamResult
    /// The channel's name, for the usage log and metrics.
    public var channel: String
    public var delivery: DeliveryPolicy
    /// The channel bills the operator for what it returns (an Ideogram account); the sandbox
    /// does not. Images from a billing channel that nobody pays for are recorded as losses.
    public var billsOperator: Bool

    public init(result: UpstreamResult, channel: String, delivery: DeliveryPolicy, billsOperator: Bool = false) {
        self.result = result
        self.channel = channel
        self.delivery = delivery
        self.billsOperator = billsOperator
    }
}

/// What to do with image links a channel returns (`UpstreamChannel.RehostMode`, allowed hosts).
public struct DeliveryPolicy: Sendable {
    public var rehost: UpstreamChannel.RehostMode
    public var allowedHosts: [String]

    public init(rehost: UpstreamChannel.RehostMode = .rehost, allowedHosts: [String] = UpstreamChannel.defaultImageHosts) {
        self.rehost = rehost
        self.allowedHosts = allowedHosts
    }
}

public enum UpstreamResult: Sendable {
    case images([UpstreamImage])
    case descriptions([String])
    /// A JSON answer relayed as it is: Ideogram 4 describe (`{json_prompt}`) and magic prompt
    /// (`{aspect_ratio, json_prompt}`).
    case document(JSONValue)
    /// Layerize-text: a text-erased base image, the original, and the text blocks found
    /// (Upstream+Tools.swift).
    case textLayers(TextLayers)
}

public struct UpstreamImage: Sendable {
    public enum Payload: Sendable {
        case bytes(ByteBuffer, contentType: String)
        case url(String)
    }
    /// nil when the safety check withheld the image.
    public var payload: Payload?
    public var prompt: String
    public var resolution: String
    public var isImageSafe: Bool
    public var seed: Int
    public var styleType: String?
    public var upscaledResolution: String?

    public init(
        payload: Payload?, prompt: String, resolution: String, isImageSafe: Bool, seed: Int,
        styleType: String?, upscaledResolution: String?
    ) {
        self.payload = payload
        self.prompt = prompt
        self.resolution = resolution
        self.isImageSafe = isImageSafe
        self.seed = seed
        self.styleType = styleType
        self.upscaledResolution = upscaledResolution
    }
}

/// Why an upstream did not deliver, typed so that routing can decide whether to retry elsewhere
/// (DESIGN.md §4) and billing can release the hold.
public enum UpstreamFailure: Error, Sendable, Equatable {
    /// The caller's input was refused upstream (400): never retried.
    case invalid(String)
    /// The prompt or image failed the safety check (422): never retried.
    case safety(String)
    case unauthorized(String)
    case insufficientFunds(String)
    /// The upstream throttled us; the value is Ideogram's `reject_reason` (e.g. `inflight_limit`).
    case rateLimited(String)
    /// The channel certainly did no billable work: the connection was refused, or it answered
    /// with a 5xx. Safe to retry on another channel.
    case unavailable(String)
    /// The request was sent and no answer came in time. The upstream may have done (and billed)
    /// the work, so it is never retried elsewhere.
    case timeout
    /// The request was sent and the answer was cut short or unreadable: as uncertain as a timeout.
    case uncertain(String)
    /// The caller hung up while the request waited for a slot; nothing was sent upstream.
    case abandoned
    /// Every channel is busy and the gateway's own wait queue is full, or the wait limit passed.
    case queueFull(retryAfterSeconds: Int)

    var gatewayError: GatewayError {
        switch self {
        case .invalid(let m): GatewayError(.badRequest, "upstream_rejected", m)
        case .safety(let m): GatewayError(.unprocessableContent, "safety_check_failed", m)
        case .rateLimited(let reason):
            GatewayError(
                .tooManyRequests, "upstream_busy", "Every upstream is busy right now (\(reason)). The request was not charged; please retry shortly.",
                details: ["reject_reason": .string(reason)], headers: [.retryAfter: "5"])
        case .queueFull(let seconds):
            GatewayError(
                .tooManyRequests, "queue_full", "Too many requests are waiting for an upstream. The request was not charged; retry after \(seconds) s.",
                headers: [.retryAfter: String(seconds)])
        case .unauthorized, .insufficientFunds, .unavailable:
            GatewayError(.badGateway, "upstream_unavailable", "No upstream could serve this request right now. It was not charged; please retry.")
        case .uncertain:
            GatewayError(.badGateway, "upstream_unreadable", "The upstream's answer was cut short or could not be read. The request was not charged; please retry.")
        case .timeout:
            GatewayError(.gatewayTimeout, "upstream_timeout", "The upstream took too long. The request was not charged; please retry.")
        case .abandoned:
            GatewayError.clientClosedRequest
        }
    }

    /// Whether the failed attempt certainly cost the operator nothing upstream, so another channel
    /// may be tried. A timeout or an unreadable answer may have been billed: retrying it would
    /// bill again.
    var certainlyUnbilled: Bool {
        switch self {
        case .unavailable, .rateLimited, .unauthorized, .insufficientFunds, .queueFull, .abandoned: true
        case .timeout, .uncertain, .invalid, .safety: false
        }
    }
}
