import Foundation

/// Image slots per channel and the wait queue in front of them (DESIGN.md §4).
///
/// Ideogram limits images in progress per organisation, so a channel's capacity is counted in
/// images: a request for n images takes n slots. When no channel has room, requests wait in one
/// bounded queue. The queue is fair between accounts: it serves accounts in turn (round-robin),
/// each account's requests in arrival order, and a request whose turn it is keeps its turn until
/// it fits, so a request for 8 images is never starved by a stream of 1-image requests.
actor ChannelScheduler {
    /// A channel as the scheduler sees it: settings, the upstream to call, live counters.
    struct Slot {
        var channel: UpstreamChannel
        var upstream: any Upstream
        var inflight = 0
        var breaker: CircuitBreaker
    }

    /// Whether an attempt says anything about the channel's health.
    enum Health {
        case healthy
        case failing
        /// The caller's fault (400, 422) or a cancellation: the channel worked.
        case neutral
    }

    private struct Waiter {
        let id: UInt64
        let account: String
        let images: Int
        let excluded: Set<String>
        let continuation: CheckedContinuation<Result<ChannelLease, UpstreamFailure>, Never>
        var timer: Task<Void, Never>?
    }

    private enum Placement {
        case placed(ChannelLease)
        case wait
        case impossible(UpstreamFailure)
    }

    let config: RoutingConfig
    let metrics: GatewayMetrics
    private var slots: [String: Slot] = [:]
    private var queues: [String: [Waiter]] = [:]
    /// Accounts with waiting requests, in the order they take turns.
    private var ring: [String] = []
    private var cursor = 0
    private var waiting = 0
    private var nextWaiterID: UInt64 = 0

    init(config: RoutingConfig, metrics: GatewayMetrics) {
        self.config = config
        self.metrics = metrics
    }

    // MARK: Channels

    /// Replaces the channel set, keeping the live counters and breaker of channels that stay.
    func update(_ channels: [(UpstreamChannel, any Upstream)]) {
        var next: [String: Slot] = [:]
        for (channel, upstream) in channels {
            var slot = slots[channel.id] ?? Slot(channel: channel, upstream: upstream, breaker: CircuitBreaker(settings: config.breaker))
            slot.channel = channel
            slot.upstream = upstream
            next[channel.id] = slot
        }
        slots = next
        publish()
        dispatch()
    }

    func disable(id: String, reason: String) {
        slots[id]?.channel.enabled = false
        slots[id]?.channel.disabledReason = reason
        publish()
        dispatch()
    }

    func snapshot() -> [(channel: UpstreamChannel, inflight: Int, breaker: CircuitBreaker.State)] {
        slots.values.sorted { $0.channel.id < $1.channel.id }.map { ($0.channel, $0.inflight, $0.breaker.state) }
    }

    var queueDepth: Int { waiting }

    // MARK: Slots

    /// Takes `images` slots when a channel has them free and nobody is queued, without waiting;
    /// nil when the request would have to queue (then `acquire` waits for it). The router asks
    /// this first so that the common case sets up no wait at all.
    func acquireIfFree(images: Int, excluding: Set<String>) throws(UpstreamFailure) -> ChannelLease? {
        guard waiting == 0 else { return nil }
        switch place(images: images, excluding: excluding) {
        case .placed(let lease): return lease
        case .impossible(let failure): throw failure
        case .wait: return nil
        }
    }

    /// Takes `images` slots on the best channel that has them, waiting in the fair queue when none
    /// has. Fails at once when no channel could ever take the request (all disabled, failing or
    /// excluded), and with `queueFull` when the queue is full or the wait limit passes.
    func acquire(images: Int, account: String, excluding: Set<String>, waitLimit: Duration) async throws(UpstreamFailure) -> ChannelLease {
        if waiting == 0 {
            switch place(images: images, excluding: excluding) {
            case .placed(let lease): return lease
            case .impossible(let failure): throw failure
            case .wait: break
            }
        }
        if case .impossible(let failure) = place(images: images, excluding: excluding, reserve: false) { throw failure }
        guard waiting < config.maxQueuedRequests else {
            metrics.queueRejected(reason: "full")
            throw .queueFull(retryAfterSeconds: config.retryAfterSeconds)
        }
        nextWaiterID += 1
        let id = nextWaiterID
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<ChannelLease, UpstreamFailure>, Never>) in
                var waiter = Waiter(id: id, account: account, images: images, excluded: excluding, continuation: continuation)
                waiter.timer = Task { [weak self] in
                    try? await Task.sleep(for: waitLimit)
                    if !Task.isCancelled { await self?.remove(id, with: .queueFull(retryAfterSeconds: self?.config.retryAfterSeconds ?? 5), reason: "wait_limit") }
                }
                enqueue(waiter)
                if Task.isCancelled {
                    remove(id, with: .unavailable("cancelled"), reason: nil)
                } else {
                    dispatch()
                }
            }
        } onCancel: {
            Task { await self.remove(id, with: .unavailable("cancelled"), reason: nil) }
        }
        return try result.get()
    }

    /// Gives the lease's slots back and records what the attempt said about the channel.
    func release(_ lease: ChannelLease, health: Health) {
        if var slot = slots[lease.channelID] {
            slot.inflight = max(0, slot.inflight - lease.images)
            switch health {
            case .healthy: slot.breaker.record(success: true, trial: lease.isTrial, now: .now)
            case .failing: slot.breaker.record(success: false, trial: lease.isTrial, now: .now)
            case .neutral:
                // A trial that ended without a verdict must not leave the breaker waiting forever.
                if lease.isTrial { slot.breaker.record(success: true, trial: true, now: .now) }
            }
            slots[lease.channelID] = slot
            // Only this channel changed; publishing every channel's gauges on every release was
            // a per-request cost for numbers that did not move.
            publish(slot)
        }
        metrics.queueDepth(waiting)
        dispatch()
    }

    // MARK: Queue

    private func enqueue(_ waiter: Waiter) {
        if queues[waiter.account, default: []].isEmpty { ring.append(waiter.account) }
        queues[waiter.account, default: []].append(waiter)
        waiting += 1
        metrics.queueDepth(waiting)
    }

    /// Serves waiting requests while the one whose turn it is fits.
    private func dispatch() {
        while waiting > 0, !ring.isEmpty {
            if cursor >= ring.count { cursor = 0 }
            let account = ring[cursor]
            guard let head = queues[account]?.first else {
                ring.remove(at: cursor)
                continue
            }
            switch place(images: head.images, excluding: head.excluded) {
            case .wait:
                return
            case .placed(let lease):
                popHead(of: account)?.continuation.resume(returning: .success(lease))
            case .impossible(let failure):
                popHead(of: account)?.continuation.resume(returning: .failure(failure))
            }
        }
    }

    /// Takes the first waiter of the account whose turn it is, and passes the turn on.
    private func popHead(of account: String) -> Waiter? {
        guard let queue = queues[account], !queue.isEmpty else { return nil }
        let head = take(at: 0, of: account)
        // The account keeps a turn only if it still has waiters; then the turn passes on.
        if queues[account] != nil { cursor += 1 }
        metrics.queueDepth(waiting)
        return head
    }

    /// Removes one waiter of `account` and stops its timer; an account left without waiters leaves
    /// the ring, keeping the cursor on the account whose turn it is.
    private func take(at index: Int, of account: String) -> Waiter {
        var queue = queues[account] ?? []
        let waiter = queue.remove(at: index)
        waiter.timer?.cancel()
        waiting -= 1
        if queue.isEmpty {
            queues[account] = nil
            if let i = ring.firstIndex(of: account) {
                ring.remove(at: i)
                if i < cursor { cursor -= 1 }
            }
        } else {
            queues[account] = queue
        }
        return waiter
    }

    /// Takes a waiter out of the queue (wait limit reached, caller gone) and answers it.
    private func remove(_ id: UInt64, with failure: UpstreamFailure, reason: String?) {
        guard let account = queues.first(where: { $0.value.contains { $0.id == id } })?.key,
              let index = queues[account]?.firstIndex(where: { $0.id == id }) else { return }
        let waiter = take(at: index, of: account)
        if let reason { metrics.queueRejected(reason: reason) }
        metrics.queueDepth(waiting)
        waiter.continuation.resume(returning: .failure(failure))
        dispatch()
    }

    // MARK: Choice

    /// The highest priority with a channel that has room wins; among its channels with room, one
    /// is drawn by weight. `reserve: false` only asks whether the request could ever be placed.
    private func place(images: Int, excluding: Set<String>, reserve: Bool = true) -> Placement {
        let now = ContinuousClock.now
        var eligible: [String] = []
        for (id, var slot) in slots where slot.channel.enabled && !excluding.contains(id) && slot.channel.maxInflightImages >= images {
            if slot.breaker.permits(now: now) { eligible.append(id) }
            slots[id] = slot
        }
        guard !eligible.isEmpty else { return .impossible(.unavailable("no channel can take this request right now")) }
        let free = eligible.compactMap { slots[$0] }.filter { $0.inflight + images <= $0.channel.maxInflightImages }
        guard let best = free.map(\.channel.priority).max() else { return .wait }
        guard reserve else { return .wait }
        let candidates = free.filter { $0.channel.priority == best }.sorted { $0.channel.id < $1.channel.id }
        let total = candidates.reduce(0) { $0 + max(1, $1.channel.weight) }
        var draw = Int.random(in: 0..<max(1, total))
        var chosen = candidates[0]
        for candidate in candidates {
            draw -= max(1, candidate.channel.weight)
            if draw < 0 { chosen = candidate; break }
        }
        var slot = chosen
        slot.inflight += images
        let trial = slot.breaker.begin()
        slots[slot.channel.id] = slot
        publish(slot)
        return .placed(ChannelLease(
            channelID: slot.channel.id, channelName: slot.channel.name, images: images, upstream: slot.upstream,
            delivery: DeliveryPolicy(rehost: slot.channel.rehost, allowedHosts: slot.channel.allowedImageHosts),
            totalTimeout: .milliseconds(slot.channel.totalTimeoutMillis), isTrial: trial, limit: slot.channel.maxInflightImages))
    }

    // MARK: Metrics

    private func publish() {
        for slot in slots.values { publish(slot) }
        metrics.queueDepth(waiting)
    }

    private func publish(_ slot: Slot) {
        metrics.inflightImages(channel: slot.channel.name, slot.inflight)
        metrics.maxInflightImages(channel: slot.channel.name, slot.channel.maxInflightImages)
        metrics.channelState(channel: slot.channel.name, slot.channel.enabled ? slot.breaker.state.gaugeValue : 3)
    }
}

/// Slots taken on one channel for one attempt; given back with `ChannelScheduler.release`.
struct ChannelLease: Sendable {
    let channelID: String
    let channelName: String
    let images: Int
    let upstream: any Upstream
    let delivery: DeliveryPolicy
    let totalTimeout: Duration
    /// The half-open breaker's one trial request.
    let isTrial: Bool
    /// The channel's in-flight image limit, for the slots shared across nodes.
    let limit: Int
}
