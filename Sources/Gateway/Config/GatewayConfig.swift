import Foundation
import IdeogramAPI

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
    /// Stored images older than this are deleted by the hourly housekeeping; nil keeps them
    /// forever (the default: an image is the customer's purchase, and the console's gallery shows it).
    public var imageRetention: TimeInterval?
    /// Delay the sandbox adds to each request, to model Ideogram's latency.
    public var sandboxDelay: Duration = .zero
    /// Largest multipart body accepted: up to an image, a mask and 10 MB of references, with room.
    public var maxBodyBytes = 48 * 1024 * 1024
    /// Largest JSON body on the image surfaces: JSON carries no files, so a prompt and its
    /// fields never come near this.
    public var maxJSONBodyBytes = 1024 * 1024
    /// Bytes, pixels and parts an upload may have (IdeogramAPI's `InputLimits`).
    public var inputLimits = InputLimits()
    /// What happens to a request whose caller hangs up (DESIGN.md §3).
    public var hangupPolicy = HangupPolicy.complete
    /// How long SIGTERM waits for requests and tasks in flight before releasing what remains.
    public var drainTimeout: Duration = .seconds(30)
    /// How long a node may stay silent before the others release its holds, tasks and slots
    /// (DESIGN.md §8). Heartbeats run five times per horizon.
    public var nodeHorizon: Duration = .seconds(15)
    /// A readable prefix for this node's id (`--node-name`); the host name when unset.
    public var nodeName: String?
    /// Connection timeouts against clients that send slowly or not at all.
    public var connectionTimeouts = ConnectionTimeouts()
    /// Credit the demo account starts with on a fresh install, in micros.
    public var demoCreditMicros: Int64 = 10_000_000

    /// Queueing, retries, circuit breaking and rehosting for upstream channels.
    public var routing = RoutingConfig()

    /// Lets webhooks call loopback and private addresses (for tests and closed networks).
    public var allowPrivateWebhooks = false
    /// Waits before each webhook retry; its length bounds the attempts.
    public var webhookBackoff: [Duration] = [.seconds(1), .seconds(5), .seconds(30), .seconds(120), .seconds(600)]

    /// Sign-in and sign-up limits of the web console.
    public var console = ConsoleLimits()
    /// Requests a minute the test keys of one account may make together; 0 for no limit.
    public var testKeyRequestsPerMinute = 30
    /// Credits per US dollar of balance, for `credit_millis` in `dry_run` price quotes (default 1:
    /// a credit is a dollar).
    public var creditsPerUSD: Int64 = 1

    public init() {}

    public var databasePath: String { dataDirectory + "/ideogate.sqlite" }
    public var imagesDirectory: String { dataDirectory + "/images" }
    /// The key that encrypts upstream API keys; outside the database on purpose.
    var channelKeyPath: String { dataDirectory + "/channel-keys.secret" }
    /// The channel cipher key itself (base64), when the operator provides it instead of the file:
    /// every node of a cluster needs the same one (`IDEOGATE_CHANNEL_KEY`).
    public var channelKey: String?
}

/// What a caller's hang-up does to a request that is already running.
public enum HangupPolicy: String, Sendable, CaseIterable {
    /// Once sent upstream, the request runs to completion: its images are stored, charged, shown
    /// in usage and the gallery, and replayed to a retry with the same Idempotency-Key. A request
    /// still waiting for a slot is cancelled and released. The operator never pays for images
    /// the customer asked for.
    case complete
    /// The hold is released the moment the caller hangs up; what Ideogram billed for the
    /// abandoned call is recorded as an operator loss.
    case release
}

/// Bounds on how long a client may take to send a request (slowloris and stalled uploads).
public struct ConnectionTimeouts: Sendable {
    /// From the connection opening (or the previous response) to the end of the next request
    /// head. Also closes idle keep-alive connections.
    public var requestHead: Duration = .seconds(30)
    /// Longest silence while a request body is arriving.
    public var bodyIdle: Duration = .seconds(30)
    /// Longest a whole request body may take to arrive.
    public var bodyTotal: Duration = .seconds(300)

    public init() {}
}

/// What the console's sign-in and sign-up forms allow, per client address and per email.
public struct ConsoleLimits: Sendable {
    /// A person mistyping is far below this; a script guessing passwords is far above.
    public var signInPerAddress = RateRule(burst: 20, interval: .seconds(3))
    /// Failed sign-ins of one email, from any address.
    public var signInPerEmail = RateRule(burst: 5, interval: .seconds(60))
    /// New accounts from one address: each may get the operator's welcome credit.
    public var signUpPerAddress = RateRule(burst: 5, interval: .seconds(600))
    public var signUpPerEmail = RateRule(burst: 3, interval: .seconds(600))
    /// Password hashes computed at the same time, each on a thread of its own.
    public var concurrentHashes = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
    /// Attempts that may wait for a hashing thread before more get 429 `console_busy`.
    public var queuedHashes = 8

    public init() {}
}
