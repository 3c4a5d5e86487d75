import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One Ideogram channel, leased from the router's scheduler for one relayed call: the same slots,
/// breaker and fair queue as the first-class endpoints, but only channels of kind `ideogram` (the
/// sandbox renders only what Ideogate models).
///
/// No failover once the body is on its way: a streamed body cannot be sent twice, and a call that
/// reached Ideogram may have been billed.
struct RelayChannel: Sendable {
    let lease: ChannelLease
    let upstream: IdeogramUpstream
    /// The slots taken across nodes, when several share the database.
    let sharedLease: String?

    var name: String { lease.channelName }
    var id: String { lease.channelID }

    func url(_ path: String, query: String?) -> String {
        IdeogramUpstream.join(upstream.baseURL, path) + (query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
    }

    /// A request to the channel with its own key: the caller's key never leaves the gateway.
    func request(_ path: String, query: String?, method: HTTPMethod = .POST, contentType: String?) -> HTTPClientRequest {
        var http = HTTPClientRequest(url: url(path, query: query))
        http.method = method
        http.headers.add(name: "Api-Key", value: upstream.apiKey)
        if let contentType { http.headers.add(name: "Content-Type", value: contentType) }
        http.headers.add(name: "Accept", value: "application/json")
        return http
    }

    static let noChannel = GatewayError(
        .serviceUnavailable, "no_relay_channel",
        "This path is relayed to Ideogram, and no Ideogram channel is enabled right now. Nothing was charged.",
        headers: [.retryAfter: "30"])
}

extension ChannelRouter {
    /// A lease on an enabled Ideogram channel, preferring `preferred` (the channel that made a
    /// generation, for polling it). Waits in the fair queue like any request.
    func relayChannel(hints: RouteHints, preferred: String? = nil) async throws -> RelayChannel {
        let snapshot = await scheduler.snapshot()
        let others = Set(snapshot.filter { $0.channel.kind != .ideogram }.map(\.channel.id))
        var excluded = others
        if let preferred, snapshot.contains(where: { $0.channel.id == preferred && $0.channel.enabled && $0.channel.kind == .ideogram }) {
            excluded = Set(snapshot.map(\.channel.id)).subtracting([preferred])
        }
        guard snapshot.contains(where: { $0.channel.kind == .ideogram && $0.channel.enabled }) else { throw RelayChannel.noChannel }
        let lease: ChannelLease
        do {
            lease = try await scheduler.acquire(images: 1, account: hints.accountID, excluding: excluded, waitLimit: config.queueWaitLimit)
        } catch {
            if case .unavailable = error { throw RelayChannel.noChannel }
            throw error.gatewayError
        }
        guard let upstream = lease.upstream as? IdeogramUpstream else {
            await scheduler.release(lease, health: .neutral)
            throw RelayChannel.noChannel
        }
        // This node holds the slot; across nodes the database must agree as well.
        var sharedLease: String?
        if let sharedSlots {
            do {
                sharedLease = try await sharedSlots.take(
                    channelID: lease.channelID, images: lease.images, limit: lease.limit, waitLimit: config.queueWaitLimit,
                    clientGone: hints.clientGone)
            } catch {
                await scheduler.release(lease, health: .neutral)
                throw error.gatewayError
            }
        }
        return RelayChannel(lease: lease, upstream: upstream, sharedLease: sharedLease)
    }

    func release(_ channel: RelayChannel, health: ChannelScheduler.Health) async {
        if let sharedLease = channel.sharedLease { await sharedSlots?.release(sharedLease) }
        await scheduler.release(channel.lease, health: health)
    }
}
