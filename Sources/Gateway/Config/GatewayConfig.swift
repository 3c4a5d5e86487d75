import Foundation

/// Everything an operator can set, with the defaults of a fresh install.
public struct GatewayConfig: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// SQLite database, images and secrets live here.
    public var dataDirectory = "./data"
    /// Absolute base URL for image links (e.g. `https://img.example.com`). When nil, links use
    /// the scheme and host the caller used.
    public var publicURL: String?
    /// How long an image link stays valid.
    public var imageLinkLifetime: TimeInterval = 30 * 24 * 3600
    /// Delay the sandbox adds to each request, to model Ideogram's latency.
    public var sandboxDelay: Duration = .zero
    /// Largest request body accepted: up to an image, a mask and 10 MB of references, with room.
    public var maxBodyBytes = 48 * 1024 * 1024
    /// Credit the demo account starts with on a fresh install, in micros.
    public var demoCreditMicros: Int64 = 10_000_000

    /// Queueing, retries, circuit breaking and rehosting for upstream channels.
    public var routing = RoutingConfig()

    /// Lets webhooks call loopback and private addresses (for tests and closed networks).
    public var allowPrivateWebhooks = false
    /// Waits before each webhook retry; its length bounds the attempts.
    public var webhookBackoff: [Duration] = [.seconds(1), .seconds(5), .seconds(30), .seconds(120), .seconds(600)]

    public init() {}

    var databasePath: String { dataDirectory + "/ideogate.sqlite" }
    var imagesDirectory: String { dataDirectory + "/images" }
    /// The key that encrypts upstream API keys; outside the database on purpose.
    var channelKeyPath: String { dataDirectory + "/channel-keys.secret" }
}
