import Foundation
import HTTPTypes
import Hummingbird
import IdeogramAPI
import Logging
import NIOCore

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
    let bodyLimits: BodyLimits
    let publicURL: String?
    let tasks: TaskRunner
    let idempotency: IdempotencyGate
    let testKeys: TestKeyThrottle
    let hangupPolicy: HangupPolicy
    /// Decoding a large upload (PNG masks, many parts) is CPU work: it runs here, bounded,
    /// rather than on the cooperative pool every request shares.
    let cpu: CPUWork
    /// The balance a dry run shows (the caller's account may come from the catalogue cache) and
    /// the operator's charge policy.
    let store: any AccountStore & SettingsStore
    /// Credits a customer gets per US dollar, for `credit_millis` in a price quote.
    var creditsPerUSD: Int64 = PriceQuoteBody.defaultCreditsPerUSD

    public static let chargedField = HTTPField.Name("X-Ideogate-Charged-Micros")!
    /// Bodies up to this size are decoded inline: the work is too small to be worth a hop.
    static let inlineDecodeBytes = 64 * 1024

    /// Runs one request of an authenticated caller whose body has been read: decode, quote, then
    /// answer a dry run, accept a task, or hold, send upstream, deliver and settle. Every surface
    /// enters here and encodes the outcome its own way.
    func run(_ request: PipelineRequest, caller: Caller) async throws -> PipelineOutcome {
        let started = ContinuousClock.now
        let (prepared, mode) = try await prepare(request, caller: caller, started: started)
        let origin = request.origin, needs = request.needs
        let trace = UsageTrace(requestID: origin.requestID, caller: caller, operation: request.operation, started: started)
        guard let idempotencyKey = request.controls.idempotencyKey else {
            return try await process(prepared, mode: mode, caller: caller, origin: origin, needs: needs, trace: trace)
        }
        return try await idempotency.run(
            key: idempotencyKey, accountID: caller.account.id, fingerprint: RequestFingerprint.of(prepared, mode: mode),
            requestID: origin.requestID
        ) {
            try await self.process(prepared, mode: mode, caller: caller, origin: origin, needs: needs, trace: trace)
        }
    }

    /// Decodes the body and reads how to run it. Its own function, so the decoding's locals are
    /// not in `run`'s frame, which stays allocated until the answer (see `process`).
    @inline(never)
    private func prepare(
        _ request: PipelineRequest, caller: Caller, started: ContinuousClock.Instant
    ) async throws -> (IdeogramRequest, ExecutionMode) {
        let operation = request.operation
        do {
            var decoded = try await decode(operation, contentType: request.contentType, body: request.body)
            if operation.takesLinkedImages { try await attachLinkedImages(&decoded) }  // ImagePipeline+LinkedImages.swift
            var mode = ExecutionMode(controls: request.controls, decoded: &decoded)
            if let twin = request.controls.asyncTwin { try mode.apply(twin) }
            return (decoded, mode)
        } catch {
            await recordFailure(error, operation: operation, caller: caller, requestID: request.origin.requestID, started: started)
            throw error
        }
    }

    private func decode(_ operation: IdeogramAPI.Operation, contentType: String?, body: ByteBuffer) async throws -> IdeogramRequest {
        let decoder = self.decoder
        if body.readableBytes <= Self.inlineDecodeBytes {
            return try decoder.decode(operation, contentType: contentType, body: body)
        }
        return try await cpu.run { try decoder.decode(operation, contentType: contentType, body: body) }
    }

    /// Quote, admit, then answer a dry run, accept an asynchronous task, or run it now.
    ///
    /// The admission runs in a function of its own: an async function's frame holds every
    /// local that lives across any of its suspensions, and this frame stays allocated while the
    /// request waits upstream — so what only admission needs (the dry run's body, a task's
    /// submission) must not be in it. DESIGN.md §16 has the numbers.
    private func process(
        _ decoded: IdeogramRequest, mode: ExecutionMode, caller: Caller, origin: RequestOrigin, needs: DeliveryNeeds, trace: UsageTrace
    ) async throws -> PipelineOutcome {
        switch try await admit(decoded, mode: mode, caller: caller, origin: origin, trace: trace) {
        case .answered(let outcome):
            return outcome
        case .held(let admitted, let trace):
            return try await execute(admitted, quote: quote(of: trace), caller: caller, origin: origin, needs: needs, trace: trace)
        }
    }

    private enum Admitted {
        /// A dry run's quote or an accepted task: nothing more runs now.
        case answered(PipelineOutcome)
        /// The money is held; the request runs now.
        case held(IdeogramRequest, UsageTrace)
    }

    @inline(never)
    private func admit(
        _ decoded: IdeogramRequest, mode: ExecutionMode, caller: Caller, origin: RequestOrigin, trace: UsageTrace
    ) async throws -> Admitted {
        var trace = trace
        var decoded = decoded
        // A /v2 answer names its seed before it runs (an async acknowledgement carries it), so
        // the gateway picks one now when the caller did not; the images take seed, seed+1, ….
        if decoded.operation.isV2, decoded.seed == nil { decoded.seed = Int.random(in: 0...Seeds.maxSeed) }
        do {
            let quote = try await priceBook.quote(decoded, tier: caller.account.tier)
            trace.quote = quote
            // The address was checked before the body was read (`handle`, `admit`).
            try Admission.checkRequest(caller.key.scope, request: decoded)
            if mode.dryRun {
                // The authenticated account may come from the catalogue cache; read the balance.
                let balance = try await store.account(id: caller.account.id)?.balanceMicros ?? 0
                let body = PriceQuoteBody(quote, balance: balance, test: caller.isTest, creditsPerUSD: creditsPerUSD)
                return .answered(PipelineOutcome(answer: try .json(body), images: nil, charged: 0, requestID: origin.requestID))
            }
            if mode.isAsync { try await tasks.validate(webhookURL: mode.webhookURL) }
            try await hold(quote, caller: caller, requestID: origin.requestID)
            if mode.isAsync {
                do {
                    let accepted = try await tasks.submit(
                        TaskSubmission(
                            request: decoded, quote: quote, caller: caller, origin: origin, trace: trace, webhookURL: mode.webhookURL,
                            answer: mode.answer),
                        pipeline: self)
                    return .answered(PipelineOutcome(answer: accepted, images: nil, charged: 0, requestID: origin.requestID))
                } catch {
                    // No task exists to run the request: the hold must not outlive this answer.
                    if !caller.isTest { await ledger.settle(requestID: origin.requestID, charge: 0) }
                    throw error
                }
            }
        } catch {
            await recordFailure(error, trace: trace)
            throw Self.gatewayError(from: error)
        }
        return .held(decoded, trace)
    }

    /// Test keys are never charged (DESIGN.md §4), so a rate stands in for the balance that
    /// bounds every other request; every other request holds the full quote.
    private func hold(_ quote: Quote, caller: Caller, requestID: String) async throws {
        if caller.isTest {
            try await testKeys.admit(caller)
        } else {
            try await ledger.hold(requestID: requestID, caller: caller, quote: quote)
        }
    }

    private func quote(of trace: UsageTrace) -> Quote {
        // `process` sets the quote before anything that reaches `execute`.
        trace.quote ?? Quote(operation: trace.operation, variant: "", listUnitMicros: 0, unitMicros: 0, units: 0)
    }

    /// Runs a request whose money is already held: upstream, delivery, settlement, usage row.
    /// Every way out of here settles — an error releases the hold in full. For a task, its final
    /// state commits together with the settlement.
    func execute(
        _ decoded: IdeogramRequest, quote: Quote, caller: Caller, origin: RequestOrigin, needs: DeliveryNeeds = .links, trace: UsageTrace,
        taskID: String? = nil
    ) async throws -> PipelineOutcome {
        var trace = trace
        let charging = !caller.isTest
        do {
            let outcome = try await perform(
                decoded, quote: quote, caller: caller, charging: charging, origin: origin, needs: needs,
                generationID: taskID ?? origin.requestID, trace: &trace)
            trace.charged = outcome.charged
            trace.status = 200
            let finish = taskID.map {
                TaskFinish(taskID: $0, status: .succeeded, httpStatus: 200, result: Array(outcome.response.body.readableBytesView))
            }
            // The charge, its usage row, the task's result and any loss commit together. Without
            // a hold (a test key) the settlement finds nothing to settle and the rest is written.
            await ledger.settle(
                requestID: origin.requestID, charge: outcome.charged, usage: UsageLog.row(trace), task: finish, losses: outcome.losses)
            return PipelineOutcome(answer: outcome.response, images: outcome.images, charged: outcome.charged, requestID: origin.requestID)
        } catch {
            // Whatever went wrong after the hold — upstream failure, a caller who left while
            // queued, a cancelled task — the hold is released. Settling is idempotent, so this
            // is a no-op when the request had already settled.
            if charging { await ledger.settle(requestID: origin.requestID, charge: 0) }
            await recordFailure(error, trace: trace)
            throw Self.gatewayError(from: error)
        }
    }

    private struct Performed {
        var response: PipelineResponse
        var images: [DeliveredImage]?
        var charged: Int64
        var losses: [OperatorLoss]
    }

    /// Sends the request upstream, then builds the answer from what came back. The two halves
    /// are separate functions so that the answer's locals (the response types of every family)
    /// are not in the frame that stays allocated while the request waits upstream.
    private func perform(
        _ decoded: IdeogramRequest, quote: Quote, caller: Caller, charging: Bool, origin: RequestOrigin, needs: DeliveryNeeds,
        generationID: String, trace: inout UsageTrace
    ) async throws -> Performed {
        let routed = try await route(decoded, caller: caller, origin: origin)
        return try await answer(
            routed, decoded, quote: quote, caller: caller, charging: charging, origin: origin, needs: needs, generationID: generationID,
            trace: &trace)
    }

    @inline(never)
    private func answer(
        _ routed: RoutedResult, _ decoded: IdeogramRequest, quote: Quote, caller: Caller, charging: Bool, origin: RequestOrigin,
        needs: DeliveryNeeds, generationID: String, trace: inout UsageTrace
    ) async throws -> Performed {
        let requestID = origin.requestID
        let result = routed.result
        trace.channel = routed.channel
        let now = Date()
        var response: PipelineResponse
        let charged: Int64
        var losses: [OperatorLoss] = []
        var delivered: [DeliveredImage]?
        switch result {
        case .descriptions(let texts):
            trace.delivered = texts.isEmpty ? 0 : 1
            charged = charging ? quote.charge(delivered: trace.delivered) : 0
            let descriptions = texts.map { Description(text: $0) }
            if decoded.operation.isV2 {
                // `{created, description_id, descriptions}`; the id names it like a generation's.
                response = PipelineResponse(
                    status: .ok,
                    body: IdeogramJSON.encode(V2DescribeResponse(created: now, descriptionID: generationID, descriptions: descriptions)))
            } else {
                response = try .json(DescribeResponse(descriptions: descriptions))
            }
        case .document(let document):
            trace.delivered = 1
            charged = charging ? quote.charge(delivered: 1) : 0
            if decoded.operation.isV2 {
                // The ideogram-4 describe: `{created, description_id, json_prompt}`, named like /v2 describe-3's.
                response = PipelineResponse(
                    status: .ok,
                    body: IdeogramJSON.encode(V2JSONPromptDescribeResponse(created: now, descriptionID: generationID, document: document)))
            } else {
                response = PipelineResponse(status: .ok, body: IdeogramJSON.encode(document))
            }
        case .textLayers(let layers):  // layerize-text (ImagePipeline+Tools.swift)
            let layered = try await deliverTextLayers(
                layers, requestID: requestID, caller: caller, origin: origin, routed: routed, needs: needs, now: now)
            trace.delivered = layered.delivered
            charged = charging ? quote.charge(delivered: layered.delivered) : 0
            response = layered.response
            delivered = layered.images
            losses = layered.losses
        case .images(let images):
            let stored = await delivery.deliver(
                images, requestID: requestID, accountID: caller.account.id, baseURL: origin.baseURL, now: now,
                policy: routed.delivery, channel: routed.channel, needs: needs)
            let items = stored.map(\.item)
            delivered = stored.map {
                DeliveredImage(
                    url: $0.item.url, storedID: $0.storedID, prompt: $0.item.prompt, seed: $0.item.seed, resolution: $0.item.resolution,
                    isImageSafe: $0.item.isImageSafe)
            }
            trace.delivered = items.filter { $0.url != nil }.count
            // charge_unsafe_images: the operator may pass on what Ideogram bills for withheld images.
            let billable = await billableImages(items)
            charged = charging ? quote.charge(delivered: billable) : 0
            if routed.billsOperator {
                losses = LossAccounting.losses(
                    items, billable: billable, requestID: requestID, accountID: caller.account.id,
                    channel: routed.channel, at: now.millis)
            }
            if decoded.operation.answersToolImage {
                response = Self.toolImageAnswer(items, created: now)  // ImagePipeline+Tools.swift
            } else if decoded.operation.isV2 {
                // /v2 answers name the generation (the task's id, else the request's) and its seed:
                // the first image's, which is the request's own on the sandbox and what a real
                // upstream reports there.
                let seed = items.first?.seed ?? decoded.seed ?? 0
                // `GeneratedImageObject` has no `style_type`: the /v1 echo stays out of /v2 answers.
                let objects = items.map { item in
                    GeneratedImage(url: item.url, prompt: item.prompt, resolution: item.resolution, isImageSafe: item.isImageSafe, seed: item.seed)
                }
                response = PipelineResponse(
                    status: .ok, body: IdeogramJSON.encode(V2ImageResponse(
                        decoded.operation, generationID: generationID, seed: seed, size: decoded.outputResolution, data: objects)))
            } else {
                response = PipelineResponse(
                    status: .ok,
                    body: decoded.operation.isV4Family
                        ? IdeogramJSON.encode(ImageGenerationResponseV4(created: now, data: items))
                        : IdeogramJSON.encode(ImageGenerationResponse(created: now, data: items)))
            }
        }
        response.headers[Self.chargedField] = String(charged)
        return Performed(response: response, images: delivered, charged: charged, losses: losses)
    }

    /// Sends the request on its way under the operator's hang-up policy. With `complete`, the
    /// router gives up only while the request waits for a slot; once sent it runs to the end.
    /// With `release`, the whole call stops when the caller leaves.
    private func route(_ decoded: IdeogramRequest, caller: Caller, origin: RequestOrigin) async throws -> RoutedResult {
        let upstream = self.upstream, seeds = Seeds.make(for: decoded)
        var hints = RouteHints(requestID: origin.requestID, accountID: caller.account.id, isTest: caller.isTest)
        let call: @Sendable (RouteHints) async throws -> RoutedResult = { hints in
            do throws(UpstreamFailure) {
                return try await upstream.serve(decoded, seeds: seeds, hints: hints)
            } catch {
                throw error.gatewayError
            }
        }
        switch hangupPolicy {
        case .complete:
            hints.clientGone = origin.connectionClosed
            return try await call(hints)
        case .release:
            return try await Self.untilHangup(origin.connectionClosed) { [hints] in try await call(hints) }
        }
    }

    /// The `release` policy's race between the call and the caller's hang-up. Its own function:
    /// the race's task group is in this frame only, not in `route`'s under the `complete` policy.
    @inline(never)
    private static func untilHangup(
        _ closed: EventLoopFuture<Void>?, _ call: @escaping @Sendable () async throws -> RoutedResult
    ) async throws -> RoutedResult {
        do {
            return try await ClientWatch.run(until: closed, call)
        } catch is ClientDisconnected {
            throw GatewayError.clientClosedRequest
        }
    }

    /// Writes the usage row of a request that ended in an error.
    private func recordFailure(_ error: any Error, trace: UsageTrace) async {
        var trace = trace
        let gatewayError = Self.gatewayError(from: error)
        trace.status = Int(gatewayError.status.code)
        trace.errorCode = gatewayError.code
        trace.charged = 0
        await usage.record(trace)
    }

    func recordFailure(
        _ error: any Error, operation: IdeogramAPI.Operation, caller: Caller, requestID: String, started: ContinuousClock.Instant
    ) async {
        await recordFailure(error, trace: UsageTrace(requestID: requestID, caller: caller, operation: operation, started: started))
    }

    static func gatewayError(from error: any Error) -> GatewayError {
        GatewayError.mapping(error)
    }
}

/// The per-image seeds: the caller's seed for every image when given (Ideogram returns the same
/// image then), otherwise a distinct random seed per image. /v2 requests always carry a seed by
/// now (`process`), and their images count up from it.
enum Seeds {
    static let maxSeed = 2_147_483_647

    static func make(for request: IdeogramRequest) -> [Int] {
        let count = request.operation.producesImages ? request.numImages : 1
        // /v2: one seed answers for the request, so its images are seed, seed+1, … (wrapping).
        if request.operation.isV2, let seed = request.seed {
            return (0..<count).map { (seed + $0) % (maxSeed + 1) }
        }
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
