import Foundation
import HTTPTypes
import Hummingbird
import IdeogramAPI
import Logging

/// One Ideogram request's way through the gateway (DESIGN.md §1):
/// authenticate → decode → quote → hold → upstream → deliver → settle → respond.
///
/// Each step is a small type of its own; this type only composes them and guarantees the one
/// rule that spans them: once money is held, every path out ends in a settlement.
public struct ImagePipeline: Sendable {
    let authenticator: Authenticator
    let decoder: IdeogramAPI.RequestDecoder
    let priceBook: PriceBook
    let ledger: Ledger
    let upstream: any Upstream
    let delivery: ImageDelivery
    let usage: UsageLog
    let maxBodyBytes: Int
    let publicURL: String?

    public static let chargedField = HTTPField.Name("X-Ideogate-Charged-Micros")!

    public func handle(_ operation: IdeogramAPI.Operation, request: Request, context: GatewayContext) async throws -> Response {
        let started = ContinuousClock.now
        let caller = try await authenticator.authenticate(request.headers)
        var trace = UsageTrace(requestID: context.requestID, caller: caller, operation: operation, started: started)
        do {
            let body = try await request.body.collect(upTo: maxBodyBytes)
            var decoded = try decoder.decode(operation, contentType: request.headers[.contentType], body: body)
            if request.uri.queryParameters["dry_run"].map({ $0 == "true" || $0 == "1" }) == true { decoded.dryRun = true }
            let quote = try await priceBook.quote(decoded, tier: caller.account.tier)
            trace.quote = quote
            try Admission.check(caller.key.scope, request: decoded, from: context.remoteAddress)
            if decoded.dryRun {
                return try Response.json(DryRunQuote(quote, balance: caller.account.balanceMicros, test: caller.isTest))
            }
            return try await run(decoded, quote: quote, caller: caller, request: request, context: context, trace: &trace)
        } catch {
            let gatewayError = Self.gatewayError(from: error)
            trace.status = Int(gatewayError.status.code)
            trace.errorCode = gatewayError.code
            await usage.record(trace)
            throw gatewayError
        }
    }

    private func run(
        _ decoded: IdeogramRequest, quote: Quote, caller: Caller, request: Request, context: GatewayContext, trace: inout UsageTrace
    ) async throws -> Response {
        let requestID = context.requestID
        // Test keys are never charged (DESIGN.md §4); every other request holds the full quote.
        let charging = !caller.isTest
        if charging {
            try await ledger.hold(requestID: requestID, caller: caller, quote: quote)
        }
        do {
            let (response, charged) = try await perform(
                decoded, quote: quote, caller: caller, charging: charging, request: request, context: context, trace: &trace)
            trace.charged = charged
            trace.status = 200
            await usage.record(trace)
            return response
        } catch {
            // Whatever went wrong after the hold — upstream failure, a cancelled task because the
            // client went away, an encoding error — the hold is released. Settling is idempotent,
            // so this is a no-op when the request had already settled.
            if charging { await ledger.settle(requestID: requestID, charge: 0) }
            throw error
        }
    }

    private func perform(
        _ decoded: IdeogramRequest, quote: Quote, caller: Caller, charging: Bool, request: Request,
        context: GatewayContext, trace: inout UsageTrace
    ) async throws -> (Response, Int64) {
        let requestID = context.requestID
        let routed: RoutedResult
        let upstream = self.upstream, seeds = Seeds.make(for: decoded)
        let hints = RouteHints(requestID: requestID, accountID: caller.account.id, isTest: caller.isTest)
        do {
            routed = try await ClientWatch.run(until: context.connectionClosed) {
                do throws(UpstreamFailure) {
                    return try await upstream.serve(decoded, seeds: seeds, hints: hints)
                } catch {
                    throw error.gatewayError
                }
            }
        } catch is ClientDisconnected {
            throw GatewayError.clientClosedRequest
        }
        let result = routed.result
        trace.channel = routed.channel
        let now = Date()
        var response: Response
        let charged: Int64
        switch result {
        case .descriptions(let texts):
            trace.delivered = texts.isEmpty ? 0 : 1
            charged = charging ? quote.charge(delivered: trace.delivered) : 0
            response = try Response.json(DescribeResponse(descriptions: texts.map { Description(text: $0) }))
        case .images(let images):
            let items = await delivery.deliver(
                images, requestID: requestID, accountID: caller.account.id, baseURL: baseURL(of: request), now: now,
                policy: routed.delivery, channel: routed.channel)
            trace.delivered = items.filter { $0.url != nil }.count
            // charge_unsafe_images: the operator may pass on what Ideogram bills for withheld images.
            charged = charging ? quote.charge(delivered: await billableImages(items)) : 0
            response = IdeogramResponseWriter.response(ImageGenerationResponse(created: now, data: items))
        }
        if charging { await ledger.settle(requestID: requestID, charge: charged) }
        response.headers[Self.chargedField] = String(charged)
        return (response, charged)
    }

    /// Absolute base for image links: the configured public URL, else what the caller used to
    /// reach us.
    func baseURL(of request: Request) -> String {
        if let publicURL { return publicURL }
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? "http"
        let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] ?? "localhost"
        return "\(scheme)://\(host)"
    }

    static func gatewayError(from error: any Error) -> GatewayError {
        switch error {
        case let e as GatewayError: e
        case let e as IdeogramError: GatewayError(e)
        case let e as HTTPError: ErrorMiddleware.translate(e)
        case let e as UpstreamFailure: e.gatewayError
        default: .internalError
        }
    }
}

/// The per-image seeds: the caller's seed for every image when given (Ideogram returns the same
/// image then), otherwise a distinct random seed per image.
enum Seeds {
    static func make(for request: IdeogramRequest) -> [Int] {
        let count = request.operation.producesImages ? request.numImages : 1
        if let seed = request.seed { return Array(repeating: seed, count: count) }
        var seeds = Set<Int>()
        var out: [Int] = []
        while out.count < count {
            let s = Int.random(in: 0...2_147_483_647)
            if seeds.insert(s).inserted { out.append(s) }
        }
        return out
    }
}

/// The body of a `dry_run`: what the request would hold, without holding or running it.
struct DryRunQuote: Encodable {
    var dryRun = true
    var operation: String
    var variant: String
    var numImages: Int
    var unitPriceMicros: Int64
    var totalMicros: Int64
    var unitPrice: String
    var total: String
    var balanceMicros: Int64
    var testKey: Bool

    init(_ q: Quote, balance: Int64, test: Bool) {
        operation = q.operation.rawValue
        variant = q.variant
        numImages = q.units
        unitPriceMicros = test ? 0 : q.unitMicros
        totalMicros = test ? 0 : q.totalMicros
        unitPrice = Money.format(unitPriceMicros)
        total = Money.format(totalMicros)
        balanceMicros = balance
        testKey = test
    }
}
