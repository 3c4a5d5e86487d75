import Foundation
import Hummingbird
import IdeogramAPI
import Logging

/// The assembled gateway: owns the store, the image store and the request pipeline, and builds
/// the HTTP application around them. `ideogate serve` and the tests both start from here.
public struct Ideogate: Sendable {
    public let config: GatewayConfig
    public let store: any GatewayStore
    /// Keys, prices and tiers as the request path reads them: from memory, in front of `store`.
    let catalog: CachedCatalog
    public let logger: Logger
    let images: any ImageStore
    let signer: URLSigner
    let upstream: any Upstream
    /// Channels, slots and failover; nil when a test replaced the upstream.
    public let channels: ChannelRouter?
    public let metrics: GatewayMetrics
    /// Encrypts upstream keys for the channels table.
    public let cipher: ChannelKeyCipher
    let clients: HTTPClientPool
    let tasks: TaskRunner
    let cpu: CPUWork
    /// This node's heartbeat and the release of dead nodes' work.
    let registry: NodeRegistry
    let heartbeat = NodeHeartbeat()

    /// Opens the data directory (creating it on first use), opens the store with `openStore`
    /// (the caller picks the backend), seeds the price list and releases holds a crashed run left
    /// open. `images` opens the image store (files under the data directory by default).
    /// `upstream` replaces the sandbox, for tests that need an upstream with other behaviour.
    public static func open(
        _ config: GatewayConfig, store openStore: StoreOpener, images openImages: ImageStoreOpener = DiskImageStore.opener,
        logger: Logger = Logger(label: "ideogate"), upstream: (any Upstream)? = nil
    ) async throws -> Ideogate {
        try DataDirectory.prepare(config, logger: logger)
        let store = try await openStore(config)
        try await PriceBook(store: store).seedDefaults()
        // Shared by every node through the database, so any node's links verify on every other.
        let secret = try await store.settingIfAbsent("signing_secret", value: KeySecret.randomToken(length: 48))
        // This node announces itself before it holds or claims anything (DESIGN.md §8).
        let registry = NodeRegistry(
            store: store, identity: NodeIdentity.generate(name: config.nodeName), horizon: config.nodeHorizon, logger: logger)
        try await registry.beat()
        let metrics = GatewayMetrics()
        let clients = HTTPClientPool()
        let cpu = CPUWork()
        let cipher = try ChannelKeyCipher.load(path: config.channelKeyPath, override: config.channelKey)
        try await cipher.verify(against: store)
        var router: ChannelRouter?
        if upstream == nil {
            router = ChannelRouter(
                store: store, cipher: cipher, clients: clients, sandbox: SandboxUpstream(delay: config.sandboxDelay, cpu: cpu),
                config: config.routing, metrics: metrics, logger: logger,
                sharedSlots: store.servesSeveralNodes
                    ? SharedSlots(
                        store: store, node: registry.identity.id, horizon: config.nodeHorizon,
                        retryAfterSeconds: config.routing.retryAfterSeconds, logger: logger) : nil)
            try await router?.reload()
        }
        let tasks = TaskRunner(
            store: store,
            webhooks: WebhookSender(
                store: store, guardrail: WebhookAddressGuard(allowPrivate: config.allowPrivateWebhooks),
                keys: WebhookKeyring(store: store, cipher: cipher), backoff: config.webhookBackoff, logger: logger),
            logger: logger, node: registry.identity.id)
        // What dead nodes left open: on the embedded database, everything a previous run left
        // (holds, tasks, Idempotency-Keys), released now rather than after the horizon.
        try await registry.reap(tasks: tasks)
        // Last, so nothing after it can fail and leave the store's connections open.
        let images = try await openImages(config)
        return Ideogate(
            config: config, store: store, catalog: CachedCatalog(store), logger: logger,
            images: images,
            signer: URLSigner(secret: secret, lifetime: config.imageLinkLifetime),
            upstream: upstream ?? router ?? SandboxUpstream(delay: config.sandboxDelay, cpu: cpu),
            channels: router, metrics: metrics, cipher: cipher, clients: clients, tasks: tasks, cpu: cpu, registry: registry)
    }

    /// Closes the upstream HTTP connections. Call once the application has stopped. (`stop()`
    /// is the whole ordered shutdown `serve` uses; tests that keep reading the store after the
    /// server stopped use this.)
    public func shutdown() async {
        await tasks.webhooks.shutdown()
        await images.shutdown()
        await clients.shutdown()
    }

    public func makeRouter() -> Router<GatewayContext> {
        let router = Router(context: GatewayContext.self)
        // Outermost, so it sees the status ErrorMiddleware turned every error into.
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics, logger: logger))
        router.add(middleware: ErrorMiddleware())
        let pipeline = ImagePipeline(
            authenticator: Authenticator(store: catalog),
            decoder: IdeogramAPI.RequestDecoder(limits: config.inputLimits),
            priceBook: PriceBook(store: catalog),
            ledger: Ledger(store: store, logger: logger, metrics: metrics, node: registry.identity.id),
            upstream: upstream,
            delivery: ImageDelivery(
                images: images, store: store, signer: signer,
                rehoster: ImageRehoster(
                    clients: clients, maxBytes: config.routing.maxRehostBytes,
                    connectTimeoutMillis: config.routing.rehostConnectTimeoutMillis,
                    readTimeoutMillis: config.routing.rehostReadTimeoutMillis),
                metrics: metrics),
            usage: UsageLog(store: store, logger: logger),
            bodyLimits: BodyLimits(json: config.maxJSONBodyBytes, multipart: config.maxBodyBytes),
            publicURL: config.publicURL,
            tasks: tasks,
            idempotency: IdempotencyGate(
                store: store, logger: logger,
                claimLifetime: config.routing.totalDeadline + config.routing.queueWaitLimit,
                node: registry.identity.id),
            testKeys: TestKeyThrottle(perMinute: config.testKeyRequestsPerMinute),
            hangupPolicy: config.hangupPolicy,
            cpu: cpu,
            store: store,
            creditsPerUSD: config.creditsPerUSD)
        IdeogramRoutes(pipeline: pipeline).register(on: router)
        // The same pipeline behind OpenAI's images API and ComfyUI's /proxy/ideogram paths.
        OpenAIRoutes(pipeline: pipeline, images: images).register(on: router)
        ComfyProxyRoutes(pipeline: pipeline).register(on: router)
        // Every other path of Ideogram's spec, relayed as it is (Relay/).
        let relay = RelayRoutes.make(gateway: self, pipeline: pipeline)
        relay.register(on: router)
        TaskRoutes(authenticator: Authenticator(store: catalog), runner: tasks, store: store).register(on: router)
        WebhookKeyRoutes(keys: webhookKeys).register(on: router)
        GenerationRoutes(authenticator: Authenticator(store: catalog), store: store, relay: relay.service).register(on: router)
        FileRoutes(images: images, signer: signer).register(on: router)
        HealthRoutes(store: store).register(on: router)
        // Operator and customer surfaces: /admin/v1 (admin token) and /account/v1 (own key).
        AdminRoutes(store: store).register(on: router)
        CustomerRoutes(store: store, catalog: catalog).register(on: router)
        MetricsRoutes(metrics: metrics).register(on: router)
        ChannelAdminRoutes(store: store, cipher: cipher, channels: channels).register(on: router)
        ConsoleRoutes(gateway: self, pipeline: pipeline).register(on: router)
        return router
    }

    public func makeApplication() -> some ApplicationProtocol {
        let timeouts = config.connectionTimeouts
        return Application(
            router: makeRouter(),
            server: .pinnedHTTP1(configuration: .init(additionalChannelHandlers: [HangupHandler(), RequestTimeoutHandler(timeouts)])),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "ideogate"),
            logger: logger)
    }
}
