import Foundation
import IdeogramAPI
import Logging

/// The upstream the pipeline talks to when the operator's channels are in charge: picks a channel
/// by priority, weight and health, takes image slots, and on a failure that is not the caller's
/// fault tries a different channel, within a bounded number of attempts and a total deadline.
///
/// Being an `Upstream` itself, it slots into the pipeline without the pipeline knowing channels.
public struct ChannelRouter: Upstream {
    public let name = "router"
    let scheduler: ChannelScheduler
    let store: any ChannelStore & LedgerStore
    let cipher: ChannelKeyCipher
    let clients: HTTPClientPool
    let sandbox: SandboxUpstream
    let config: RoutingConfig
    let metrics: GatewayMetrics
    let logger: Logger
    /// The channels' limits across every node, when several share the database (DESIGN.md §8).
    let sharedSlots: SharedSlots?

    init(
        store: any ChannelStore & LedgerStore, cipher: ChannelKeyCipher, clients: HTTPClientPool, sandbox: SandboxUpstream,
        config: RoutingConfig, metrics: GatewayMetrics, logger: Logger, sharedSlots: SharedSlots? = nil
    ) {
        self.sharedSlots = sharedSlots
        self.store = store
        self.cipher = cipher
        self.clients = clients
        self.sandbox = sandbox
        self.config = config
        self.metrics = metrics
        self.logger = logger
        scheduler = ChannelScheduler(config: config, metrics: metrics)
    }

    /// Re-reads the channels from the store. The admin API calls it after every change, and
    /// `refreshPeriodically` every `refreshInterval`, for changes made by the CLI (another process).
    public func reload() async throws {
        var built: [(UpstreamChannel, any Upstream)] = []
        for var channel in try await store.channels() {
            switch channel.kind {
            case .sandbox:
                built.append((channel, sandbox))
            case .ideogram:
                guard let sealed = channel.encryptedKey, let key = try? cipher.open(sealed), !key.isEmpty else {
                    // A key that cannot be read would only produce 401s: keep the channel out.
                    channel.enabled = false
                    channel.disabledReason = channel.disabledReason ?? "its API key cannot be decrypted"
                    built.append((channel, sandbox))
                    continue
                }
                let client = try await clients.client(connectMillis: channel.connectTimeoutMillis, readMillis: channel.readTimeoutMillis)
                built.append((channel, IdeogramUpstream(
                    name: channel.name, baseURL: channel.baseURL, apiKey: key, client: client,
                    totalTimeout: .milliseconds(channel.totalTimeoutMillis))))
            }
        }
        await scheduler.update(built)
    }

    public func perform(_ request: IdeogramRequest, seeds: [Int]) async throws(UpstreamFailure) -> UpstreamResult {
        try await serve(request, seeds: seeds, hints: RouteHints(requestID: "", accountID: "", isTest: false)).result
    }

    public func serve(_ request: IdeogramRequest, seeds: [Int], hints: RouteHints) async throws(UpstreamFailure) -> RoutedResult {
        // Test keys never reach a paid upstream, whatever channels exist.
        if hints.isTest {
            return RoutedResult(result: try await sandbox.perform(request, seeds: seeds), channel: "sandbox", delivery: .init())
        }
        let started = ContinuousClock.now
        let deadline = started + config.totalDeadline
        let images = request.operation.producesImages ? max(1, request.numImages) : 1
        var excluded: Set<String> = []
        var lastFailure: UpstreamFailure?

        for attempt in 1...max(1, config.maxAttempts) {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { break }
            let lease: ChannelLease
            do {
                lease = try await acquire(
                    images: images, hints: hints, excluding: excluded, waitLimit: min(config.queueWaitLimit, remaining))
            } catch {
                // After a failed attempt "no other channel" means the earlier failure is the answer.
                if case .unavailable = error, let lastFailure { throw lastFailure }
                throw error
            }
            // This node holds the slots; across nodes the database must agree as well.
            var sharedLease: String?
            if let sharedSlots {
                do {
                    sharedLease = try await sharedSlots.take(
                        channelID: lease.channelID, images: lease.images, limit: lease.limit,
                        waitLimit: min(config.queueWaitLimit, deadline - ContinuousClock.now), clientGone: hints.clientGone)
                } catch {
                    await scheduler.release(lease, health: .neutral)
                    if case .unavailable = error, let lastFailure { throw lastFailure }
                    throw error
                }
            }
            let callStarted = ContinuousClock.now
            let timeout = min(lease.totalTimeout, deadline - callStarted)
            let ideogram = lease.upstream as? IdeogramUpstream
            do throws(UpstreamFailure) {
                let result: UpstreamResult
                if let ideogram {
                    result = try await ideogram.perform(request, timeout: timeout)
                } else {
                    result = try await lease.upstream.perform(request, seeds: seeds)
                }
                metrics.upstreamCall(channel: lease.channelName, outcome: "ok", duration: .now - callStarted)
                if let sharedLease { await sharedSlots?.release(sharedLease) }
                await scheduler.release(lease, health: .healthy)
                return RoutedResult(result: result, channel: lease.channelName, delivery: lease.delivery, billsOperator: ideogram != nil)
            } catch {
                metrics.upstreamCall(channel: lease.channelName, outcome: Self.outcome(error), duration: .now - callStarted)
                try await concludeFailedCall(
                    error, lease: lease, sharedLease: sharedLease, billsOperator: ideogram != nil, images: images, hints: hints,
                    attempt: attempt)
                lastFailure = error
                excluded.insert(lease.channelID)
            }
        }
        throw lastFailure ?? .timeout
    }

    /// After a failed call: gives back the slots and blames the channel as the failure says, then
    /// throws when the failure is the answer (the caller's fault, or a call that may have been
    /// billed) and returns when another channel may be tried. Its own function, so that what
    /// only a failure needs (the logger, the loss record) is not in `serve`'s frame, which stays
    /// allocated while a request waits upstream.
    @inline(never)
    private func concludeFailedCall(
        _ error: UpstreamFailure, lease: ChannelLease, sharedLease: String?, billsOperator: Bool, images: Int, hints: RouteHints,
        attempt: Int
    ) async throws(UpstreamFailure) {
        // Only failures log; the request id goes into their metadata then, not on every request.
        var log = logger
        log[metadataKey: "request_id"] = "\(hints.requestID)"
        let cancelled = Task.isCancelled
        if let sharedLease { await sharedSlots?.release(sharedLease) }
        await scheduler.release(lease, health: cancelled ? .neutral : Self.health(error))
        switch error {
        case .invalid, .safety:
            // The caller's fault: Ideogram's message goes back as is, and no channel is blamed.
            throw error
        case .unauthorized(let reason), .insufficientFunds(let reason):
            await disable(lease, reason: reason, logger: log)
        default:
            break
        }
        if cancelled || !error.certainlyUnbilled {
            // Sent, and then the answer was lost: Ideogram may have billed the operator
            // for every image. Never retried (that could bill twice); recorded instead.
            if billsOperator {
                await recordLoss(
                    images: images, hints: hints, channel: lease.channelName,
                    reason: cancelled ? .releasedOnHangup : .uncertainUpstream, logger: log)
            }
            throw error
        }
        if attempt < config.maxAttempts {
            metrics.retry(from: lease.channelName, reason: Self.outcome(error))
            log.notice("upstream failed; trying another channel", metadata: [
                "channel": "\(lease.channelName)", "failure": "\(Self.outcome(error))", "attempt": "\(attempt)",
            ])
        }
    }

    /// Waits for image slots, but gives up when the caller hangs up: a request nobody waits for
    /// has cost nothing yet, so it is dropped before it reaches a paid upstream.
    private func acquire(
        images: Int, hints: RouteHints, excluding: Set<String>, waitLimit: Duration
    ) async throws(UpstreamFailure) -> ChannelLease {
        let scheduler = self.scheduler
        // Free slots and nobody queued (the usual case): no wait, so nothing to race the
        // caller's hang-up against — no task group, stream or close-future callback per request.
        if let lease = try await scheduler.acquireIfFree(images: images, excluding: excluding) {
            return lease
        }
        guard let gone = hints.clientGone else {
            return try await scheduler.acquire(images: images, account: hints.accountID, excluding: excluding, waitLimit: waitLimit)
        }
        enum Step: Sendable {
            case lease(ChannelLease)
            case failure(UpstreamFailure)
            case gone
        }
        let (signal, continuation) = AsyncStream<Void>.makeStream()
        gone.whenComplete { _ in continuation.finish() }
        let first: Step? = await withTaskGroup(of: Step?.self) { group in
            group.addTask {
                do throws(UpstreamFailure) {
                    return .lease(try await scheduler.acquire(images: images, account: hints.accountID, excluding: excluding, waitLimit: waitLimit))
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                for await _ in signal {}
                return Task.isCancelled ? nil : .gone
            }
            var first: Step?
            while let step = await group.next() {
                guard let step else { continue }
                if first == nil {
                    first = step
                    group.cancelAll()
                } else if case .lease(let late) = step {
                    // The caller left just as slots were granted: hand them straight back.
                    await scheduler.release(late, health: .neutral)
                }
            }
            return first
        }
        switch first {
        case .lease(let lease)?: return lease
        case .failure(let failure)?: throw failure
        case .gone?, nil: throw .abandoned
        }
    }

    private func recordLoss(images: Int, hints: RouteHints, channel: String, reason: OperatorLossReason, logger: Logger) async {
        let loss = OperatorLoss(
            requestID: hints.requestID, accountID: hints.accountID, channel: channel, images: images, reason: reason,
            createdAt: Date().millis)
        metrics.operatorLoss(reason: reason.rawValue, images: images)
        do { try await store.recordLosses([loss]) } catch {
            logger.error("operator loss not recorded", metadata: ["channel": "\(channel)", "reason": "\(reason.rawValue)"])
        }
    }

    /// An upstream 401, 402 or 403 means the channel's account is unusable until the operator acts.
    private func disable(_ lease: ChannelLease, reason: String, logger: Logger) async {
        await scheduler.disable(id: lease.channelID, reason: reason)
        metrics.channelDisabled(channel: lease.channelName)
        logger.error("channel disabled", metadata: ["channel": "\(lease.channelName)", "reason": "\(reason)"])
        do {
            _ = try await store.setChannelEnabled(id: lease.channelID, enabled: false, reason: reason, at: Date().millis)
        } catch {
            logger.error("could not persist the channel's disabling", metadata: ["channel": "\(lease.channelName)"])
        }
    }

    /// Re-reads the channels every `refreshInterval` until cancelled. The gateway's lifecycle runs
    /// it beside the server, so no request pays for checking whether a refresh is due.
    public func refreshPeriodically() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: config.refreshInterval) } catch { return }
            do { try await reload() } catch { logger.warning("could not re-read channels; keeping the current set") }
        }
    }

    static func health(_ failure: UpstreamFailure) -> ChannelScheduler.Health {
        switch failure {
        case .invalid, .safety, .queueFull, .abandoned: .neutral
        // Throttling says the channel is busy, not broken; the breaker counts broken.
        case .rateLimited: .neutral
        case .unauthorized, .insufficientFunds, .unavailable, .timeout, .uncertain: .failing
        }
    }

    static func outcome(_ failure: UpstreamFailure) -> String {
        switch failure {
        case .invalid: "invalid"
        case .safety: "safety"
        case .unauthorized: "unauthorized"
        case .insufficientFunds: "insufficient_funds"
        case .rateLimited(let reason): reason == "inflight_limit" ? "inflight_limit" : "rate_limited"
        case .unavailable: "unavailable"
        case .timeout: "timeout"
        case .uncertain: "uncertain"
        case .abandoned: "abandoned"
        case .queueFull: "queue_full"
        }
    }
}

/// A channel's live state, for the admin API and CLI.
public struct ChannelStatus: Sendable {
    public var channel: UpstreamChannel
    public var inflightImages: Int
    /// `closed`, `half_open` or `open`.
    public var breaker: String
}

extension ChannelRouter {
    public func status() async -> [ChannelStatus] {
        await scheduler.snapshot().map { entry in
            let breaker = switch entry.breaker {
            case .closed: "closed"
            case .halfOpen: "half_open"
            case .open: "open"
            }
            return ChannelStatus(channel: entry.channel, inflightImages: entry.inflight, breaker: breaker)
        }
    }

    /// Requests waiting for image slots right now.
    public func queueDepth() async -> Int { await scheduler.queueDepth }
}
