import ArgumentParser
import Foundation
import Gateway
import Hummingbird
import Logging
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the gateway (the default verb).")

    @Option(help: "Address to listen on. Env: IDEOGATE_HOST.")
    var host: String = Environment.value("IDEOGATE_HOST") ?? "127.0.0.1"

    @Option(help: "Port to listen on. Env: IDEOGATE_PORT.")
    var port: Int = Environment.value("IDEOGATE_PORT").flatMap(Int.init) ?? 8080

    @OptionGroup var data: DataOptions

    @OptionGroup var images: ImageStoreOptions

    @Option(name: .customLong("public-url"), help: "Absolute base URL for image links, e.g. https://img.example.com. Default: the host the caller used. Env: IDEOGATE_PUBLIC_URL.")
    var publicURL: String? = Environment.value("IDEOGATE_PUBLIC_URL")

    @Option(name: .customLong("image-link-days"), help: "How many days an image link stays valid. Env: IDEOGATE_IMAGE_LINK_DAYS.")
    var imageLinkDays: Double = Environment.value("IDEOGATE_IMAGE_LINK_DAYS").flatMap(Double.init) ?? 30

    @Option(name: .customLong("sandbox-delay-ms"), help: "Delay the sandbox renderer adds to each request, in milliseconds. Env: IDEOGATE_SANDBOX_DELAY_MS.")
    var sandboxDelayMs: Int = Environment.value("IDEOGATE_SANDBOX_DELAY_MS").flatMap(Int.init) ?? 0

    @Option(name: .customLong("max-body-mb"), help: "Largest request body accepted, in MB. Env: IDEOGATE_MAX_BODY_MB.")
    var maxBodyMB: Int = Environment.value("IDEOGATE_MAX_BODY_MB").flatMap(Int.init) ?? 48

    @Flag(name: .customLong("allow-private-webhooks"), help: "Let webhook_url point at loopback or private addresses (closed networks, tests). Env: IDEOGATE_ALLOW_PRIVATE_WEBHOOKS=1.")
    var allowPrivateWebhooks = Environment.value("IDEOGATE_ALLOW_PRIVATE_WEBHOOKS").map { ["1", "true", "yes"].contains($0.lowercased()) } ?? false

    @Option(name: .customLong("test-key-rpm"), help: "Requests a minute the test keys (sk-test-…) of one account may make together; 0 for no limit. Env: IDEOGATE_TEST_KEY_RPM.")
    var testKeyRPM: Int = Environment.value("IDEOGATE_TEST_KEY_RPM").flatMap(Int.init) ?? GatewayConfig().testKeyRequestsPerMinute

    @Option(name: .customLong("queue-limit"), help: "Requests that may wait for a free upstream slot before new ones get 429. Env: IDEOGATE_QUEUE_LIMIT.")
    var queueLimit: Int = Environment.value("IDEOGATE_QUEUE_LIMIT").flatMap(Int.init) ?? 512

    @Option(name: .customLong("queue-wait-seconds"), help: "Longest a request waits for an upstream slot. Env: IDEOGATE_QUEUE_WAIT_SECONDS.")
    var queueWaitSeconds: Int = Environment.value("IDEOGATE_QUEUE_WAIT_SECONDS").flatMap(Int.init) ?? 60

    @Option(name: .customLong("max-image-megapixels"), help: "Largest size an uploaded image may declare, in megapixels (each image; a request may carry four times this in all). Env: IDEOGATE_MAX_IMAGE_MEGAPIXELS.")
    var maxImageMegapixels: Int = Environment.value("IDEOGATE_MAX_IMAGE_MEGAPIXELS").flatMap(Int.init) ?? 16

    @Option(name: .customLong("on-hangup"), help: "complete (default): a request sent upstream runs to the end and is charged when its caller hangs up; release: the hold is released and the upstream's bill recorded as operator loss. Env: IDEOGATE_ON_HANGUP.")
    var onHangup: String = Environment.value("IDEOGATE_ON_HANGUP") ?? "complete"

    @Option(name: .customLong("drain-seconds"), help: "On SIGTERM, how long requests and tasks in flight may finish before what remains is released. Env: IDEOGATE_DRAIN_SECONDS.")
    var drainSeconds: Int = Environment.value("IDEOGATE_DRAIN_SECONDS").flatMap(Int.init) ?? 30

    @Option(name: .customLong("credits-per-usd"), help: "Credits a customer gets per US dollar of balance, for credit_millis in dry_run price quotes (default 1). Env: IDEOGATE_CREDITS_PER_USD.")
    var creditsPerUSD: Int64 = Environment.value("IDEOGATE_CREDITS_PER_USD").flatMap(Int64.init) ?? GatewayConfig().creditsPerUSD

    @Option(name: .customLong("node-horizon-seconds"), help: "With several nodes on one database: how long a node may stay silent before the others release its holds, tasks and slots. Env: IDEOGATE_NODE_HORIZON_SECONDS.")
    var nodeHorizonSeconds: Int = Environment.value("IDEOGATE_NODE_HORIZON_SECONDS").flatMap(Int.init) ?? 15

    @Option(name: .customLong("node-name"), help: "A readable prefix for this node's id in logs and `ideogate nodes`. Env: IDEOGATE_NODE_NAME.")
    var nodeName: String? = Environment.value("IDEOGATE_NODE_NAME")

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical. Env: IDEOGATE_LOG_LEVEL.")
    var logLevel: String = Environment.value("IDEOGATE_LOG_LEVEL") ?? "info"

    func validate() throws {
        guard (1...65535).contains(port) || port == 0 else { throw ValidationError("--port must be 0…65535") }
        guard queueLimit >= 0, queueWaitSeconds > 0 else { throw ValidationError("--queue-limit must be ≥ 0 and --queue-wait-seconds > 0") }
        guard sandboxDelayMs >= 0 else { throw ValidationError("--sandbox-delay-ms must not be negative") }
        guard testKeyRPM >= 0 else { throw ValidationError("--test-key-rpm must not be negative") }
        guard imageLinkDays > 0 else { throw ValidationError("--image-link-days must be positive") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        guard HangupPolicy(rawValue: onHangup) != nil else { throw ValidationError("--on-hangup must be complete or release") }
        guard (1...256).contains(maxImageMegapixels) else { throw ValidationError("--max-image-megapixels must be 1…256") }
        guard drainSeconds >= 0 else { throw ValidationError("--drain-seconds must not be negative") }
        guard (0...1_000_000).contains(creditsPerUSD) else { throw ValidationError("--credits-per-usd must be 0…1000000") }
        guard (2...3600).contains(nodeHorizonSeconds) else { throw ValidationError("--node-horizon-seconds must be between 2 and 3600") }
        if let publicURL, URL(string: publicURL)?.scheme == nil { throw ValidationError("--public-url must be an absolute URL") }
    }

    func run() async throws {
        var config = data.config()
        config.host = host
        config.port = port
        config.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        config.imageLinkLifetime = imageLinkDays * 24 * 3600
        config.sandboxDelay = .milliseconds(sandboxDelayMs)
        config.maxBodyBytes = maxBodyMB * 1024 * 1024
        config.allowPrivateWebhooks = allowPrivateWebhooks
        config.testKeyRequestsPerMinute = testKeyRPM
        config.routing.maxQueuedRequests = queueLimit
        config.routing.queueWaitLimit = .seconds(queueWaitSeconds)
        config.hangupPolicy = HangupPolicy(rawValue: onHangup) ?? .complete
        config.drainTimeout = .seconds(drainSeconds)
        config.creditsPerUSD = creditsPerUSD
        config.nodeHorizon = .seconds(nodeHorizonSeconds)
        config.nodeName = nodeName
        // Every node of a cluster needs the same channel key; the file in the data dir otherwise.
        config.channelKey = Environment.value("IDEOGATE_CHANNEL_KEY")
        config.inputLimits.maxImagePixels = maxImageMegapixels * 1_048_576
        config.inputLimits.maxRequestPixels = 4 * config.inputLimits.maxImagePixels
        var logger = Logger(label: "ideogate")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info

        config.imageRetention = images.retention
        let gateway = try await Ideogate.open(config, store: data.storeOpener(logger: logger), images: try images.opener(), logger: logger)
        if let first = try await gateway.bootstrapIfNeeded() {
            // Written straight to the descriptor: print() is block-buffered when stdout is not a
            // terminal, and the secrets must not wait for a buffer to fill.
            FileHandle.standardOutput.write(Data((FirstRunBanner.text(first, host: host, port: port) + "\n").utf8))
        }
        // The server and the gateway's own resources, shut down in reverse order on SIGTERM or
        // SIGINT: the server stops accepting and drains, then GatewayLifecycle drains tasks,
        // releases what is still held and closes the database.
        let application = gateway.makeApplication()
        // Start-up parses the bundled OpenAPI spec and builds the routes: megabytes of short-lived
        // allocations the allocator would otherwise keep as idle resident memory.
        ReleaseFreedMemory.now()
        var group = ServiceGroupConfiguration(
            services: [.init(service: GatewayLifecycle(gateway: gateway)), .init(service: application)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Past the drain timeout the server's remaining requests are cancelled (and released).
        group.maximumGracefulShutdownDuration = config.drainTimeout
        try await ServiceGroup(configuration: group).run()
    }
}

enum FirstRunBanner {
    static func text(_ first: FirstRunReport, host: String, port: Int) -> String {
        let shownHost = (host == "0.0.0.0" || host == "::") ? "127.0.0.1" : host
        return """

        ──────────────────────────────────────────────────────────────────────
         Ideogate is set up. These secrets are shown once; keep them.

           admin token : \(first.adminToken)
           demo account: \(first.demoAccountID) (credit \(Money.format(first.demoCreditMicros)))
           demo API key: \(first.demoKey)

         Try it (the seed's V3 generate example):

        curl -X POST http://\(shownHost):\(port)/ideogram/v1/ideogram-v3/generate \\
          -H "Api-Key: \(first.demoKey)" \\
          -H "Content-Type: multipart/form-data" \\
          -F prompt="Delicate 3D cover design with various combat machines flying from an portal. The machines have different shapes, sizes, and colors. The portal is emitting swirling energy. The background contains a futuristic city with tall buildings. The text \\"One Gateway, Infinite Models\\" is placed in the center with neon lights, expansive view, cinematic lighting, vivid color, bright tone. clean text, cyber punk, smooth render" \\
          -F rendering_speed="QUALITY" \\
          -F num_images="2" \\
          -F aspect_ratio="2x1"
        ──────────────────────────────────────────────────────────────────────

        """
    }
}
