import Foundation
import Hummingbird

/// `/admin/v1/channels`: list, add, edit, enable, disable, test and delete upstream channels.
/// Behind the same admin-token check as the rest of the admin API; every change is applied to
/// the running router at once.
struct ChannelAdminRoutes {
    let store: any ChannelStore & SettingsStore
    let cipher: ChannelKeyCipher
    let channels: ChannelRouter?

    func register(on router: Router<GatewayContext>) {
        let group = router.group("admin/v1/channels").add(middleware: AdminAuthMiddleware(store: store))
        let service = ChannelService(store: store, cipher: cipher)
        let channels = self.channels

        @Sendable func view(_ channel: UpstreamChannel) async -> ChannelView {
            let live = await channels?.status().first { $0.channel.id == channel.id }
            return ChannelView(channel, keyHint: service.keyHint(channel), live: live)
        }
        @Sendable func applied(_ channel: UpstreamChannel) async throws -> Response {
            try await channels?.reload()
            return try Response.json(await view(channel))
        }

        group.get { _, _ -> Response in
            var out: [ChannelView] = []
            for channel in try await store.channels() { out.append(await view(channel)) }
            return try Response.json(ListPage(data: out))
        }
        group.post { request, _ -> Response in
            let changes = try await JSONBody.decode(ChannelService.Changes.self, from: request, fields: ChannelService.Changes.fieldNames)
            let channel = try await Self.run { try await service.add(changes) }
            try await channels?.reload()
            return try Response.json(await view(channel), status: .created)
        }
        group.get(":id") { _, context -> Response in
            try Response.json(await view(try await Self.run { try await service.find(try context.pathParameter("id")) }))
        }
        group.patch(":id") { request, context -> Response in
            let changes = try await JSONBody.decode(ChannelService.Changes.self, from: request, fields: ChannelService.Changes.fieldNames)
            return try await applied(try await Self.run { try await service.edit(try context.pathParameter("id"), changes) })
        }
        group.post(":id/enable") { _, context -> Response in
            try await applied(try await Self.run { try await service.setEnabled(try context.pathParameter("id"), true) })
        }
        group.post(":id/disable") { request, context -> Response in
            let body = try await JSONBody.decode(DisableBody.self, from: request, fields: ["reason"])
            return try await applied(try await Self.run { try await service.setEnabled(try context.pathParameter("id"), false, reason: body.reason) })
        }
        group.post(":id/test") { _, context -> Response in
            let pool = HTTPClientPool()
            let result = try await Self.run { try await service.test(try context.pathParameter("id"), clients: pool) }
            await pool.shutdown()
            return try Response.json(result)
        }
        group.delete(":id") { _, context -> Response in
            try await Self.run { try await service.delete(try context.pathParameter("id")) }
            try await channels?.reload()
            return Response(status: .noContent)
        }
    }

    /// The service's problems as the admin API's errors.
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let problem as ChannelService.Problem {
            switch problem {
            case .invalid(let m): throw GatewayError(.badRequest, "invalid_channel", m)
            case .notFound: throw GatewayError(.notFound, "channel_not_found", problem.description)
            }
        }
    }

    struct DisableBody: Decodable {
        var reason: String?
    }
}

/// A channel as the admin API shows it: settings, a hint of the key (never the key), live state.
struct ChannelView: Encodable {
    var id: String
    var name: String
    var kind: String
    var baseUrl: String
    var keyHint: String?
    var priority: Int
    var weight: Int
    var maxInflightImages: Int
    var enabled: Bool
    var disabledReason: String?
    var rehost: String
    var allowedImageHosts: [String]
    var connectTimeoutMs: Int64
    var readTimeoutMs: Int64
    var totalTimeoutMs: Int64
    var inflightImages: Int?
    /// `closed` (healthy), `half_open` (a trial request is allowed), `open` (taken out).
    var breaker: String?

    init(_ c: UpstreamChannel, keyHint: String?, live: ChannelStatus?) {
        id = c.id; name = c.name; kind = c.kind.rawValue; baseUrl = c.baseURL; self.keyHint = keyHint
        priority = c.priority; weight = c.weight; maxInflightImages = c.maxInflightImages; enabled = c.enabled
        disabledReason = c.disabledReason; rehost = c.rehost.rawValue; allowedImageHosts = c.allowedImageHosts
        connectTimeoutMs = c.connectTimeoutMillis; readTimeoutMs = c.readTimeoutMillis; totalTimeoutMs = c.totalTimeoutMillis
        inflightImages = live?.inflightImages
        breaker = live?.breaker
    }
}
