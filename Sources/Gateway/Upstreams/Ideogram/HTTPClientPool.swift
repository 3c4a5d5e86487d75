import AsyncHTTPClient
import NIOCore

/// The HTTP clients upstream calls and image downloads use, one per distinct pair of connect and
/// read timeouts (AsyncHTTPClient sets those per client, not per request).
///
/// Clients are created on first use, so a gateway that only ever uses the sandbox opens none, and
/// they all share one connection pool per timeout pair. The gateway owns the pool and shuts it
/// down when it stops (`Ideogate.shutdown()`).
public actor HTTPClientPool {
    struct Timeouts: Hashable {
        var connectMillis: Int64
        var readMillis: Int64
    }

    private var clients: [Timeouts: HTTPClient] = [:]
    private var isShutDown = false

    public init() {}

    /// Thrown to a caller that asks for a client after `shutdown()`: the gateway is stopping, and a
    /// client created now would have no owner to close it.
    struct ShutDown: Error {}

    func client(connectMillis: Int64, readMillis: Int64) throws -> HTTPClient {
        let key = Timeouts(connectMillis: max(1, connectMillis), readMillis: max(1, readMillis))
        if let existing = clients[key] { return existing }
        guard !isShutDown else { throw ShutDown() }
        var configuration = HTTPClient.Configuration(
            // A redirect would carry the channel's Api-Key to a host nobody configured.
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(key.connectMillis), read: .milliseconds(key.readMillis)))
        configuration.httpVersion = .automatic
        // AsyncHTTPClient's default of 8 connections per host would queue requests inside the
        // client, invisibly; the channel scheduler already bounds what is in flight per channel.
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16_384)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        clients[key] = client
        return client
    }

    public func shutdown() async {
        isShutDown = true
        let all = Array(clients.values)
        clients = [:]
        for client in all { try? await client.shutdown() }
    }
}
