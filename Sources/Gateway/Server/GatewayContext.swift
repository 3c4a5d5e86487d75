import Hummingbird
import NIOCore

/// Per-request context: the request id every response and log line carries, and the peer
/// address (for key IP scopes).
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: String
    public let remoteAddress: SocketAddress?
    /// Completes when the client's connection closes; the pipeline stops waiting on the upstream
    /// then, and releases the hold.
    public let connectionClosed: EventLoopFuture<Void>?
    /// Set by the route group's authentication middleware (`APIKeyMiddleware`); nil elsewhere.
    var identity: RequestIdentity?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = RequestIdentifier.make()
        remoteAddress = source.channel.remoteAddress
        connectionClosed = source.channel.closeFuture
    }
}

/// Request ids: `req_` + 24 base62 characters. Random rather than sequential so that they do not
/// leak volumes, and unique enough to key the ledger's idempotency.
public enum RequestIdentifier {
    public static func make() -> String { "req_" + KeySecret.randomToken(length: 24) }
}
