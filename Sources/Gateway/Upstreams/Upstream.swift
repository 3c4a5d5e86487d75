import IdeogramAPI
import NIOCore

/// Something that can carry out a validated Ideogram request: the sandbox renderer, or an
/// Ideogram (or Ideogram-compatible) HTTP endpoint.
public protocol Upstream: Sendable {
    /// A name for logs, metrics and the usage log.
    var name: String { get }
    func perform(_ request: IdeogramRequest, seeds: [Int]) async throws(UpstreamFailure) -> UpstreamResult
}

public enum UpstreamResult: Sendable {
    case images([UpstreamImage])
    case descriptions([String])
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
    case rateLimited(String)
    case unavailable(String)
    case timeout

    var gatewayError: GatewayError {
        switch self {
        case .invalid(let m): GatewayError(.badRequest, "upstream_rejected", m)
        case .safety(let m): GatewayError(.unprocessableContent, "safety_check_failed", m)
        case .rateLimited(let m): GatewayError(.tooManyRequests, "upstream_busy", m, headers: [.retryAfter: "5"])
        case .unauthorized, .insufficientFunds, .unavailable:
            GatewayError(.badGateway, "upstream_unavailable", "No upstream could serve this request right now. It was not charged; please retry.")
        case .timeout:
            GatewayError(.gatewayTimeout, "upstream_timeout", "The upstream took too long. The request was not charged; please retry.")
        }
    }
}
