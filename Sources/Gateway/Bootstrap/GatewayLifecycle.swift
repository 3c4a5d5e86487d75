import Foundation
import Logging
import ServiceLifecycle

/// The gateway's own resources as one service of the process's `ServiceGroup`, next to the HTTP
/// server. The group shuts services down in reverse order, so the server stops accepting and
/// finishes (or, past the drain timeout, cancels) its requests first; then this service drains
/// the asynchronous tasks, releases whatever is still held, closes the database and the HTTP
/// clients — in that order, each step after the one it depends on.
///
/// While running it also does the periodic work: the channels are re-read every few seconds (for
/// changes the CLI made from another process), and expired Idempotency-Keys are pruned hourly.
public struct GatewayLifecycle: Service {
    let gateway: Ideogate
    /// How often housekeeping runs.
    var housekeepingInterval: Duration = .seconds(3600)

    public init(gateway: Ideogate) {
        self.gateway = gateway
    }

    public func run() async throws {
        let gateway = self.gateway, interval = housekeepingInterval
        // Beats on through the shutdown below, which stops it once nothing is left to drain.
        gateway.heartbeat.start(registry: gateway.registry, tasks: gateway.tasks, logger: gateway.logger)
        // The periodic work stops at the first sign of shutdown.
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        await gateway.housekeeping()
                        try? await Task.sleep(for: interval)
                    }
                }
                if let channels = gateway.channels {
                    group.addTask { await channels.refreshPeriodically() }
                }
            }
        }
        // The shutdown work must complete even when the group cancels this service (the drain
        // timeout passed): it runs in a task of its own, which cancellation does not reach.
        await Task { await gateway.stop() }.value
    }
}

extension Ideogate {
    /// Deletes Idempotency-Keys past their 24 hours, relayed generations past theirs, and images
    /// past the retention period.
    func housekeeping() async {
        do {
            let pruned = try await store.pruneIdempotencyKeys(olderThan: Date().millis - 24 * 3600 * 1000)
            if pruned > 0 { logger.debug("pruned expired idempotency keys", metadata: ["count": "\(pruned)"]) }
        } catch {
            logger.warning("could not prune idempotency keys")
        }
        do {
            let pruned = try await store.pruneRelayedGenerations(olderThan: Date().millis - RelayedGenerations.retention)
            if pruned > 0 { logger.debug("pruned relayed generations", metadata: ["count": "\(pruned)"]) }
        } catch {
            logger.warning("could not prune relayed generations")
        }
        await applyImageRetention()
    }

    /// Deletes stored images older than `config.imageRetention`; nothing when it is nil (keep
    /// forever). A failure is logged and retried at the next round.
    func applyImageRetention(now: Date = Date()) async {
        guard let retention = config.imageRetention else { return }
        do {
            let deleted = try await images.deleteImages(olderThan: now.addingTimeInterval(-retention))
            if deleted > 0 { logger.info("deleted images past retention", metadata: ["count": "\(deleted)"]) }
        } catch {
            logger.warning("could not apply image retention", metadata: ["error": "\(error)"])
        }
    }

    /// The ordered shutdown: tasks, then the ledger, then the database and the HTTP clients.
    /// Called once the HTTP server has stopped; safe to call more than once.
    public func stop() async {
        await tasks.drain(timeout: config.drainTimeout)
        // Pending webhook retries are recorded as `gateway_stopped`, not waited for.
        await tasks.webhooks.shutdown()
        await heartbeat.stop()
        do {
            // The server has stopped and every task has ended: a hold of this node still open
            // belongs to a request that will never settle it. The node then leaves, so the
            // others need not wait a horizon to know it is gone.
            let released = try await registry.leave()
            if released > 0 { logger.notice("released holds at shutdown", metadata: ["count": "\(released)"]) }
        } catch {
            logger.error("could not release open holds at shutdown; another node or the next start releases them")
        }
        do { try await store.close() } catch {
            logger.error("the database did not close cleanly")
        }
        await images.shutdown()
        await clients.shutdown()
    }
}
