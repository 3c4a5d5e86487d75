import Foundation
import HTTPTypes
import Hummingbird
import IdeogramAPI
import NIOCore

/// Mounts every relayed path of the spec under `/ideogram` and at the root, like the modelled
/// endpoints.
///
/// The routes are fixed when the router is built: a spec loaded with `ideogate spec update`
/// takes effect at the next start (a restart is how every other setting of the process changes,
/// and a router rebuilt live would race requests in flight for no real gain).
struct RelayRoutes {
    let service: RelayService
    let spec: RelaySpec

    func register(on router: Router<GatewayContext>) {
        let service = self.service
        let router = router.group().add(middleware: APIKeyMiddleware(authenticator: service.pipeline.authenticator))
        for route in spec.routes {
            for prefix in ["/ideogram", ""] {
                router.post(RouterPath(prefix + route.path)) { request, context in
                    try await service.handle(route, request: request, context: context)
                }
            }
        }
        // Polls of relayed generations go through `GenerationRoutes`, which owns the poll routes
        // and asks the relay about ids that are not tasks.
    }
}

extension RelayService {
    static let generationNotFound = GatewayError(.notFound, "generation_not_found", "No such generation for this account.")

    /// The poll of `id` if a relayed answer carried it for this caller's account, else nil: for a
    /// poll route that serves other generations too (tasks) and asks the relay about the rest.
    func pollRelayed(version: String, id: String, caller: Caller, request: Request, context: GatewayContext) async throws -> Response? {
        guard let owner = try await generations.owner(of: id), owner.accountID == caller.account.id else { return nil }
        if let cached = try await generations.completedAnswer(id) {
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: cached)))
        }
        guard let router else { throw RelayChannel.noChannel }
        let hints = RouteHints(requestID: context.requestID, accountID: caller.account.id, isTest: false)
        let channel = try await router.relayChannel(hints: hints, preferred: owner.channelID)
        let answer: UpstreamAnswer
        do {
            var http = channel.request("/\(version)/generations/\(id)", query: nil, method: .GET, contentType: nil)
            http.body = nil
            let response = try await channel.upstream.client.execute(http, timeout: TimeAmount(channel.lease.totalTimeout))
            answer = UpstreamAnswer(
                status: Int(response.status.code), body: try await response.body.collect(upTo: Self.maxAnswerBytes),
                contentType: response.headers.first(name: "Content-Type"))
        } catch {
            await router.release(channel, health: .failing)
            throw IdeogramUpstream.failure(for: error).gatewayError
        }
        guard answer.status == 200 else {
            let failure = IdeogramFailure.map(status: answer.status, body: answer.body)
            await router.release(channel, health: ChannelRouter.health(failure))
            if answer.status == 404 { throw Self.generationNotFound }
            return try Self.failureResponse(answer, failure: failure)
        }
        await router.release(channel, health: .healthy)
        let relayed = await rehoster.rehost(
            answer.body, policy: channel.lease.delivery, requestID: context.requestID, accountID: caller.account.id,
            baseURL: pipeline.baseURL(of: request))
        if relayed.isCompleted {
            do { try await generations.recordCompleted(id, answer: Data(relayed.body.readableBytesView)) } catch {
                // The caller has its answer; the next poll asks the upstream again instead of the copy.
                logger.error("completed relayed generation not kept", metadata: ["error": "\(type(of: error))"])
            }
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: relayed.body))
    }
}

extension RelayRoutes {
    /// The relay of a gateway: its spec (the data directory's, else the bundled one), and the
    /// pipeline's authentication, ledger, body limits and usage log.
    static func make(gateway: Ideogate, pipeline: ImagePipeline) -> RelayRoutes {
        let (spec, problem) = RelaySpec.load(dataDirectory: gateway.config.dataDirectory)
        if let problem { gateway.logger.error("relay spec not loaded", metadata: ["problem": "\(problem)"]) }
        let service = RelayService(
            pipeline: pipeline, catalog: gateway.catalog, router: gateway.channels,
            generations: RelayedGenerations(store: gateway.store), rehoster: RelayRehoster(delivery: pipeline.delivery),
            logger: gateway.logger)
        return RelayRoutes(service: service, spec: spec)
    }
}
