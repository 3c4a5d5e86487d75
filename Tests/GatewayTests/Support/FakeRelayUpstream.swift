import Foundation
import HTTPTypes
import Hummingbird
import ImageCodec
import Logging
import NIOCore

/// A stand-in for Ideogram's paths that Ideogate does not model: it answers `?dry_run=true` with
/// a `PriceQuote` as planned per path, records every other body byte for byte, answers with an
/// image link of its own and, when planned, `usage_cost_usd_micros`; and it serves
/// `GET /v1|v2/generations/{id}` for the generations it made.
final class FakeRelayUpstream: Sendable {
    struct Plan: Sendable {
        /// nil: the path has no dry run here (answers 404 to one).
        var quoteMicros: Int64?
        var qualifier = "exact"
        var upperBoundMicros: Int64?
        var reportedCostMicros: Int64?
        /// Answer the dry run, or the call itself, with this status and an Ideogram-style error.
        var dryRunFailure: Int?
        var failure: Int?
        /// Work this long before answering the call (past the channel's timeout: an answer lost).
        var delay: Duration?
    }

    actor State {
        var plans: [String: Plan] = [:]
        private(set) var bodies: [String: [ByteBuffer]] = [:]
        private(set) var queries: [String] = []
        private(set) var dryRuns = 0
        private(set) var keysSeen: Set<String> = []
        var generations: [String: Int64?] = [:]

        func plan(_ path: String, _ plan: Plan) { plans[path] = plan }
        func record(path: String, body: ByteBuffer, query: String) {
            bodies[path, default: []].append(body)
            queries.append(query)
        }
        func dryRun() { dryRuns += 1 }
        func key(_ key: String) { keysSeen.insert(key) }
        func generation(_ id: String, cost: Int64?) { generations[id] = cost }
        func calls(_ path: String) -> Int { bodies[path]?.count ?? 0 }
        private(set) var imageFetches = 0
        private(set) var polls = 0
        func fetched() { imageFetches += 1 }
        func polled() { polls += 1 }
    }

    let state: State
    let apiKey = "ideo-relay-key"
    private let task: Task<Void, any Error>
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    static let png = PNG.encode(Raster(width: 4, height: 4, fill: RGBA(r: 40, g: 90, b: 200)))

    static func start() async throws -> FakeRelayUpstream {
        let state = State()
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        let apiKey = "ideo-relay-key"
        let answer: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
            let path = request.uri.path
            guard let key = request.headers[HTTPField.Name("Api-Key")!] else { return json(["error": "no key"], status: 401) }
            await state.key(key)
            guard key == apiKey else { return json(["error": "Not authorized."], status: 401) }
            let body = try await request.body.collect(upTo: 64 << 20)
            guard let plan = await state.plans[path] else { return json(["error": "Not found"], status: 404) }
            let query = request.uri.query ?? ""
            if query.split(separator: "&").contains("dry_run=true") {
                if let status = plan.dryRunFailure { return json(["error": "Rejected by the fake."], status: status) }
                guard let micros = plan.quoteMicros else { return json(["error": "Not found"], status: 404) }
                await state.dryRun()
                var quote: [String: Any] = [
                    "object": "price_quote", "billing_identifier": "topaz_upscale", "quantity": 1, "usd_micros": micros,
                    "credit_millis": micros / 10, "qualifier": plan.qualifier,
                ]
                if let upper = plan.upperBoundMicros { quote["upper_bound_usd_micros"] = upper }
                return json(quote)
            }
            await state.record(path: path, body: body, query: query)
            if let status = plan.failure { return json(["error": "Failed in the fake."], status: status) }
            if let delay = plan.delay { try? await Task.sleep(for: delay) }
            let id = "gen_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16)
            await state.generation(String(id), cost: plan.reportedCostMicros)
            let host = request.head.authority ?? "127.0.0.1"
            var answer: [String: Any] = [
                "generation_id": id, "seed": 7, "width": 1, "height": 1,
                "data": [["url": "http://\(host)/images/\(id).png", "prompt": "", "resolution": "1x1", "seed": 7, "is_image_safe": true]],
            ]
            if let cost = plan.reportedCostMicros { answer["usage_cost_usd_micros"] = cost }
            return json(answer)
        }
        // A recursive wildcard at the root matches nothing in Hummingbird; one per version does.
        router.post("/v1/**", use: answer)
        router.post("/v2/**", use: answer)
        for version in ["v1", "v2"] {
            router.get("/\(version)/generations/:id") { request, context -> Response in
                guard request.headers[HTTPField.Name("Api-Key")!] == apiKey else { return json(["error": "Not authorized."], status: 401) }
                let id = try context.parameters.require("id")
                await state.polled()
                guard let cost = await state.generations[id] else { return json(["error": "Not found"], status: 404) }
                let host = request.head.authority ?? "127.0.0.1"
                var answer: [String: Any] = [
                    "generation_id": id, "status": "completed", "created": "2026-10-07T12:00:00Z", "response_type": "url",
                    "data": [["object_type": "image.generation", "url": "http://\(host)/images/\(id).png", "prompt": "", "resolution": "1x1", "seed": 7, "is_image_safe": true]],
                ]
                if let cost { answer["usage_cost_usd_micros"] = cost }
                return json(answer)
            }
        }
        router.get("/images/:name") { _, _ -> Response in
            await state.fetched()
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: png))
        }
        var logger = Logger(label: "fake-relay")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.run() }
        var port = 0
        for await p in stream { port = p; break }
        return FakeRelayUpstream(state: state, task: task, port: port)
    }

    private init(state: State, task: Task<Void, any Error>, port: Int) {
        self.state = state
        self.task = task
        self.port = port
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    static func json(_ object: [String: Any], status: Int = 200) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
