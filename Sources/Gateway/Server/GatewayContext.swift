import Hummingbird
import NIOCore

/// Per-request context: the request id every response and log line carries, and the peer
/// address (for key IP scopes).
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: String
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = RequestIdentifier.make()
        remoteAddress = source.channel.remoteAddress
    }
}

/// Request ids: `req_` + 24 base62 characters. Random rather than sequential so that they do not
/// leak volumes, and unique enough to key the ledger's idempotency.
public enum RequestIdentifier {
    public static func make() -> String { "req_" + KeySecret.randomToken(length: 24) }
}
