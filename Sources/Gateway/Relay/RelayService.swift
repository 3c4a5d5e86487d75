import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import IdeogramAPI
import Logging
import NIOCore

/// Serves a path of Ideogram's spec that Ideogate does not model by relaying it to an Ideogram
/// channel as it is: the caller's body and query untouched, only the key swapped for the channel's.
/// Around the call it does what every endpoint does: authenticate, check the key's scope, price,
/// hold, settle, rehost image links and write the usage row (DESIGN.md, "Relayed paths").
///
/// Every way out after the hold settles: the charge on success, nothing on any failure.
struct RelayService: Sendable {
    let pipeline: ImagePipeline
    let catalog: any CatalogStore
    let router: ChannelRouter?
    let generations: RelayedGenerations
    let rehoster: RelayRehoster
    let logger: Logger

    /// Ideogram's answers are small JSON documents; a relayed one is read whole to rehost its
    /// links and find its cost.
    static let maxAnswerBytes = 8 * 1024 * 1024

    func handle(_ route: RelaySpec.Route, request: Request, context: GatewayContext) async throws -> Response {
        let started = ContinuousClock.now
        let caller = try context.admittedCaller()
        var usage = RelayUsage(requestID: context.requestID, caller: caller, operation: route.operation, started: started)
        do {
            try Self.checkScope(caller, route: route)
            let limit = pipeline.bodyLimits.limit(contentType: request.headers[.contentType])
            if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
                throw GatewayError.bodyTooLarge(limit: limit)
            }
            return try await relay(route, request: request, context: context, caller: caller, limit: limit, usage: &usage)
        } catch {
            let failure = ImagePipeline.gatewayError(from: error)
            usage.status = Int(failure.status.code)
            usage.errorCode = failure.code
            await pipeline.usage.record(usage.record(charged: 0))
            throw failure
        }
    }

    private func relay(
        _ route: RelaySpec.Route, request: Request, context: GatewayContext, caller: Caller, limit: Int, usage: inout RelayUsage
    ) async throws -> Response {
        let query = Query(request.uri.query)
        let multiplier = try await catalog.tier(named: caller.account.tier)?.multiplierPPM ?? 1_000_000
        let operatorPrice = try await priceBookPrice(route, multiplierPPM: multiplier)
        guard operatorPrice != nil || route.dryRun else { throw RelayPrice.unpriced }
        // The customer's own dry run of an operator-priced path needs no upstream at all.
        if query.dryRun, let operatorPrice {
            // A 200 keeps the connection for the client's next request, so the body it sent is
            // read (within the limit) first; an unread body would end the connection after the
            // answer, under a client that is already sending its next request on it.
            _ = try await request.body.collect(upTo: limit)
            return try quoteResponse(operatorPrice)
        }
        guard let router else { throw RelayChannel.noChannel }

        let hints = RouteHints(requestID: context.requestID, accountID: caller.account.id, isTest: false)
        let channel = try await router.relayChannel(hints: hints)
        usage.channel = channel.name
        let outcome: (response: Response, health: ChannelScheduler.Health)
        do {
            outcome = try await relay(
                route, on: channel, request: request, context: context, caller: caller, query: query, limit: limit,
                operatorPrice: operatorPrice, multiplierPPM: multiplier, usage: &usage)
        } catch {
            await router.release(channel, health: Self.health(error))
            throw error
        }
        await router.release(channel, health: outcome.health)
        return outcome.response
    }

    /// The part that holds a channel's slot: price (by dry run if need be), hold, call, settle.
    private func relay(
        _ route: RelaySpec.Route, on channel: RelayChannel, request: Request, context: GatewayContext, caller: Caller,
        query: Query, limit: Int, operatorPrice: RelayPrice?, multiplierPPM: Int64, usage: inout RelayUsage
    ) async throws -> (response: Response, health: ChannelScheduler.Health) {
        let contentType = request.headers[.contentType]
        let body: RelayBody
        let price: RelayPrice
        if let operatorPrice {
            price = operatorPrice
            body = .stream(request.body, declaredLength: request.headers[.contentLength].flatMap(Int.init), limit: limit)
        } else {
            // Ideogram prices this exact request; the body goes twice, so it is read once here,
            // bounded by the same limit as every body.
            let bytes = try await pipeline.bodyLimits.collect(request)
            switch try await askDryRun(route, channel: channel, query: query, contentType: contentType, body: bytes, multiplierPPM: multiplierPPM) {
            case .price(let quoted):
                price = quoted
            case .refused(let response, let status):
                usage.status = status
                usage.errorCode = "upstream_rejected"
                await pipeline.usage.record(usage.record(charged: 0))
                return (response, .neutral)
            }
            body = .bytes(bytes)
        }
        usage.price = price
        if query.dryRun { return (try quoteResponse(price), .healthy) }
        guard let hold = price.holdMicros else { throw RelayPrice.outOfRange }

        let requestID = context.requestID
        try await pipeline.ledger.hold(requestID: requestID, caller: caller, totalMicros: hold, units: max(1, price.quantity), unitMicros: hold)
        let answer: UpstreamAnswer
        do {
            answer = try await send(route, channel: channel, query: query.forwarded, contentType: contentType, body: body)
        } catch {
            await pipeline.ledger.settle(requestID: requestID, charge: 0)
            // Sent, and then the answer was lost: Ideogram may have billed the operator. The
            // customer is not charged for what they never got; the operator's loss is recorded.
            if let failure = error as? UpstreamFailure, !failure.certainlyUnbilled {
                await recordLoss(requestID: requestID, caller: caller, channel: channel, units: max(1, price.quantity))
            }
            throw error
        }
        guard (200..<300).contains(answer.status) else {
            await pipeline.ledger.settle(requestID: requestID, charge: 0)
            let failure = IdeogramFailure.map(status: answer.status, body: answer.body)
            let response = try Self.failureResponse(answer, failure: failure)
            usage.status = answer.status
            usage.errorCode = "upstream_rejected"
            await pipeline.usage.record(usage.record(charged: 0))
            return (response, ChannelRouter.health(failure))
        }
        let relayed = await rehoster.rehost(
            answer.body, policy: channel.lease.delivery, requestID: requestID, accountID: caller.account.id,
            baseURL: pipeline.baseURL(of: request))
        if let id = relayed.generationID {
            do {
                try await generations.record(id, accountID: caller.account.id, channelID: channel.id)
            } catch {
                logger.error("relayed generation not recorded", metadata: ["request_id": "\(requestID)"])
            }
        }
        let charge = price.charge(reportedCost: relayed.usageCostMicros)
        usage.status = answer.status
        usage.delivered = relayed.items
        await pipeline.ledger.settle(requestID: requestID, charge: charge, usage: usage.record(charged: charge))
        var headers: HTTPFields = [.contentType: answer.contentType ?? "application/json"]
        headers[ImagePipeline.chargedField] = String(charge)
        return (Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: relayed.body)), .healthy)
    }

    // MARK: Scope and price

    /// A key limited to some operations must list the relayed path's name (`relay:/v2/…`). A key
    /// limited to some models cannot be checked here (the relay does not read bodies), so it may
    /// call no relayed path at all; test keys never reach a paid upstream.
    static func checkScope(_ caller: Caller, route: RelaySpec.Route) throws {
        if caller.isTest {
            throw GatewayError(.forbidden, "test_key_not_relayed", "Test keys use the sandbox, which does not render relayed paths (\(route.path)).")
        }
        if let operations = caller.key.scope.operations, !operations.contains(route.operation) {
            throw GatewayError(.forbidden, "operation_not_allowed", "This API key may not call \(route.operation).")
        }
        if caller.key.scope.models != nil {
            throw GatewayError(
                .forbidden, "operation_not_allowed",
                "This API key is limited to some models, which a relayed path (\(route.path)) cannot be checked against.")
        }
    }

    private func priceBookPrice(_ route: RelaySpec.Route, multiplierPPM: Int64) async throws -> RelayPrice? {
        guard let entry = try await catalog.prices().first(where: { $0.operation == route.operation && $0.variant == PriceList.anyVariant }) else {
            return nil
        }
        return RelayPrice(
            source: .priceBook, qualifier: "exact", billingIdentifier: route.operation, quantity: 1, multiplierPPM: multiplierPPM,
            listMicros: entry.micros, listUpperBoundMicros: nil)
    }

    enum DryRunOutcome {
        case price(RelayPrice)
        /// Ideogram refused the request itself (the caller's mistake): its answer, relayed.
        case refused(Response, status: Int)
    }

    private func askDryRun(
        _ route: RelaySpec.Route, channel: RelayChannel, query: Query, contentType: String?, body: ByteBuffer, multiplierPPM: Int64
    ) async throws -> DryRunOutcome {
        let answer = try await send(route, channel: channel, query: query.forwarded + [("dry_run", "true")], contentType: contentType, body: .bytes(body))
        guard (200..<300).contains(answer.status) else {
            let failure = IdeogramFailure.map(status: answer.status, body: answer.body)
            return .refused(try Self.failureResponse(answer, failure: failure), status: answer.status)
        }
        guard let price = RelayPrice.fromQuote(Data(answer.body.readableBytesView), multiplierPPM: multiplierPPM) else {
            throw RelayPrice.unpriced
        }
        return .price(price)
    }

    // MARK: Upstream

    enum RelayBody {
        case bytes(ByteBuffer)
        case stream(RequestBody, declaredLength: Int?, limit: Int)
    }

    private func send(
        _ route: RelaySpec.Route, channel: RelayChannel, query: [(String, String)], contentType: String?, body: RelayBody
    ) async throws -> UpstreamAnswer {
        var http = channel.request(route.path, query: Query.encode(query), contentType: contentType)
        switch body {
        case .bytes(let bytes):
            http.body = .bytes(bytes)
        case .stream(let stream, let declared, let limit):
            let bounded = BoundedBody(base: stream, limit: limit)
            http.body = .stream(bounded, length: declared.map { .known(Int64($0)) } ?? .unknown)
        }
        let started = ContinuousClock.now
        do {
            let response = try await channel.upstream.client.execute(http, timeout: TimeAmount(channel.lease.totalTimeout))
            let bytes = try await response.body.collect(upTo: Self.maxAnswerBytes)
            let answer = UpstreamAnswer(status: Int(response.status.code), body: bytes, contentType: response.headers.first(name: "Content-Type"))
            let outcome = (200..<300).contains(answer.status) ? "ok" : ChannelRouter.outcome(IdeogramFailure.map(status: answer.status, body: bytes))
            router?.metrics.upstreamCall(channel: channel.name, outcome: outcome, duration: .now - started)
            return answer
        } catch let error as GatewayError {
            throw error
        } catch {
            let failure = IdeogramUpstream.failure(for: error)
            router?.metrics.upstreamCall(channel: channel.name, outcome: ChannelRouter.outcome(failure), duration: .now - started)
            throw failure
        }
    }

    private func recordLoss(requestID: String, caller: Caller, channel: RelayChannel, units: Int) async {
        let loss = OperatorLoss(
            requestID: requestID, accountID: caller.account.id, channel: channel.name, images: units, reason: .uncertainUpstream,
            createdAt: Date().millis)
        do { try await pipeline.ledger.store.recordLosses([loss]) } catch {
            logger.error("operator loss not recorded", metadata: ["channel": "\(channel.name)"])
        }
    }

    static func health(_ error: any Error) -> ChannelScheduler.Health {
        if let failure = error as? UpstreamFailure { return ChannelRouter.health(failure) }
        guard let error = error as? GatewayError else { return .failing }
        switch error.code {
        case "body_too_large", "client_closed_request": return .neutral
        default: return error.status.code >= 500 ? .failing : .neutral
        }
    }

    // MARK: Answers

    func quoteResponse(_ price: RelayPrice) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = try encoder.encode(JSONValue.object(price.priceQuote(creditsPerUSD: pipeline.creditsPerUSD)))
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Ideogram's refusal of the caller's request (400, 404, 413, 422, 429) is relayed as it came;
    /// a failure of the operator's upstream account (401, 402, 403, 5xx) is not the caller's
    /// business and becomes the gateway's own error.
    static func failureResponse(_ answer: UpstreamAnswer, failure: UpstreamFailure) throws -> Response {
        switch failure {
        case .invalid, .safety, .rateLimited:
            var headers: HTTPFields = [.contentType: answer.contentType ?? "application/json"]
            if case .rateLimited = failure { headers[.retryAfter] = "5" }
            headers[ImagePipeline.chargedField] = "0"
            return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: answer.body))
        default:
            throw failure.gatewayError
        }
    }
}

struct UpstreamAnswer {
    var status: Int
    var body: ByteBuffer
    var contentType: String?
}
