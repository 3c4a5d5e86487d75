import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The in-flight image limit of each channel across every node: before an upstream call, the
/// node that already holds local slots (`ChannelScheduler`, which keeps waiting fair between
/// accounts on this node) also leases them in the database, so all nodes together never exceed
/// the channel's limit (DESIGN.md §8).
///
/// A lease the database refuses is asked for again with a growing pause, until the caller's
/// wait limit passes or the caller hangs up. The lease expires one horizon after the node's
/// last heartbeat, so a node that dies mid-call gives its slots back by itself.
struct SharedSlots: Sendable {
    let store: any NodeStore
    let node: String
    /// How long a lease outlives the heartbeat that last renewed it.
    let horizon: Duration
    /// What a caller is told to wait when the wait limit passes (`RoutingConfig.retryAfterSeconds`).
    let retryAfterSeconds: Int
    let logger: Logger

    /// Leases `images` slots of `channelID`; returns the lease id to give back after the call.
    func take(
        channelID: String, images: Int, limit: Int, waitLimit: Duration, clientGone: EventLoopFuture<Void>?
    ) async throws(UpstreamFailure) -> String {
        let id = "lease_" + KeySecret.randomToken(length: 16)
        let giveUp = ContinuousClock.now + waitLimit
        var pause = Duration.milliseconds(5)
        let gone = NIOLockedValueBox(false)
        clientGone?.whenComplete { _ in gone.withLockedValue { $0 = true } }
        while true {
            let now = Date().millis
            let lease = SlotLease(id: id, channelID: channelID, node: node, images: images, expiresAt: now + horizon.millis)
            do {
                if try await store.leaseSlots(lease, limit: limit, now: now) { return id }
            } catch {
                // The database is the only judge of the shared limit: without it, nothing is sent.
                throw .unavailable("the shared slot table could not be reached")
            }
            if Task.isCancelled || gone.withLockedValue { $0 } { throw .abandoned }
            guard ContinuousClock.now + pause < giveUp else { throw .queueFull(retryAfterSeconds: retryAfterSeconds) }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(100))
        }
    }

    /// Gives the slots back. A failure here only delays them until the lease expires.
    func release(_ leaseID: String) async {
        do { try await store.releaseSlots(leaseID: leaseID) } catch {
            logger.warning("slot lease not given back; it expires with the horizon", metadata: ["lease": "\(leaseID)"])
        }
    }

}
