import Foundation
import HTTPTypes
import Hummingbird
import IdeogramAPI
import ImageCodec
import Logging
import NIOCore
import Testing

/// A stand-in for api.ideogram.ai on 127.0.0.1: validates requests with the same decoder the
/// gateway uses, answers like Ideogram, serves its images from its own URL, and counts images in
/// flight — a request that would take it past `inflightLimit` is recorded as a test failure
/// (the gateway's scheduler exists to make that impossible) and answered with Ideogram's 429.
final class FakeIdeogram: Sendable {
    /// What the next requests get.
    enum Behaviour: Sendable, Equatable {
        case normal
        /// Answer with this status and Ideogram-style error body.
        case status(Int)
        /// 429 `reject_reason: inflight_limit`.
        case inflightLimit
        /// The first `n` images of each request come back withheld (`is_image_safe: false`).
        case unsafe(Int)
        /// Close the connection without answering.
        case reset
        /// Announce a body and send only part of it.
        case truncated
        /// Never answer (until `hangFor` passes).
        case hang
    }

    let state: FakeState
    let apiKey: String
    private let task: Task<Void, any Error>
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `strictInflight`: exceeding the limit is a test failure (the gateway's scheduler must make it
    /// impossible). A test that cuts requests short on purpose (timeouts, a crash) sets it false:
    /// the fake still works on what the gateway gave up on, as Ideogram would, and answers 429.
    static func start(
        apiKey: String = "ideo-test-key", inflightLimit: Int = 10, latency: Duration = .milliseconds(20), strictInflight: Bool = true
    ) async throws -> FakeIdeogram {
        let state = FakeState(inflightLimit: inflightLimit, latency: latency, strict: strictInflight)
        let router = Router(context: FakeContext.self)
        FakeIdeogram.routes(router, state: state, apiKey: apiKey)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "fake-ideogram")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let task = Task { try await app.run() }
        var port = 0
        for await p in stream { port = p; break }
        return FakeIdeogram(state: state, apiKey: apiKey, task: task, port: port)
    }

    private init(state: FakeState, apiKey: String, task: Task<Void, any Error>, port: Int) {
        self.state = state
        self.apiKey = apiKey
        self.task = task
        self.port = port
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    func set(_ behaviour: Behaviour) async { await state.set(behaviour) }

    private static func routes(_ router: Router<FakeContext>, state: FakeState, apiKey: String) {
        let decoder = IdeogramAPI.RequestDecoder()
        for operation in IdeogramAPI.Operation.allCases {
            router.post(RouterPath(operation.path)) { request, context -> Response in
                await state.countCall()
                guard request.headers[.init("Api-Key")!] == apiKey else {
                    return error(401, "Not authorized to generate an image.")
                }
                let body = try await request.body.collect(upTo: 50 * 1024 * 1024)
                let decoded: IdeogramRequest
                do {
                    decoded = try decoder.decode(operation, contentType: request.headers[.contentType], body: body)
                } catch let error as IdeogramError {
                    return Self.error(400, error.message)
                }
                await state.recordRequest(decoded)
                let images = operation.producesImages ? decoded.numImages : 1
                guard await state.enter(images) else {
                    return Self.error(429, "Too many images in flight.", extra: ["reject_reason": "inflight_limit", "max_inflight_requests": 10])
                }
                let result: Response
                do {
                    try await Task.sleep(for: await state.latency)
                    // Read after the latency, so a channel "killed" mid-request fails that request too.
                    result = try await answer(operation, decoded, behaviour: await state.behaviour, state: state, context: context, request: request)
                } catch {
                    await state.leave(images)
                    throw error
                }
                await state.leave(images)
                return result
            }
        }
        router.get("/images/:name") { _, context -> Response in
            let name = try context.parameters.require("name")
            guard let png = await state.image(name) else { return Response(status: .notFound) }
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: png))
        }
    }

    private static func answer(
        _ operation: IdeogramAPI.Operation, _ decoded: IdeogramRequest, behaviour: Behaviour, state: FakeState,
        context: FakeContext, request: Request
    ) async throws -> Response {
        switch behaviour {
        case .normal, .unsafe, .reset, .truncated, .hang:
            await state.bill(operation.producesImages ? decoded.numImages : 1)
        case .status, .inflightLimit:
            break
        }
        switch behaviour {
        case .normal, .unsafe:
            break
        case .status(let code):
            switch code {
            case 401: return error(401, "Not authorized to generate an image.")
            case 402: return error(402, "Not enough balance.", extra: ["reject_reason": "insufficient_funds"])
            case 422: return error(422, "Prompt provided failed safety check due to the inclusion of prohibited content.")
            default: return error(code, "Internal Server Error")
            }
        case .inflightLimit:
            return error(429, "Too many images in flight.", extra: ["reject_reason": "inflight_limit"])
        case .reset:
            try? await context.channel.close()
            throw CancellationError()
        case .truncated:
            let channel = context.channel
            return Response(
                status: .ok, headers: [.contentType: "application/json", .contentLength: "4000"],
                body: .init { writer in
                    try await writer.write(ByteBuffer(string: #"{"created":"2025-01-01T00:00:00+00:00","data":[{"url":"#))
                    try? await channel.close()
                })
        case .hang:
            try await Task.sleep(for: .seconds(5))
            return error(500, "hung")
        }
        if operation == .describe {
            return json(["descriptions": [["text": "A fake description."]]])
        }
        if operation == .v2Describe4 {  // `DescribeImageIdeogramV4Response`
            return json([
                "created": "2026-10-01T00:00:00+00:00", "description_id": "upstream-description",
                "json_prompt": ["high_level_description": "A fake description.", "compositional_deconstruction": ["background": "plain", "elements": []]],
            ])
        }
        let withheld: Int = if case .unsafe(let n) = behaviour { n } else { 0 }
        let host = "http://127.0.0.1:\(context.channel.localAddress?.port ?? 0)"
        if operation == .layerizeText {
            // `LayerizeTextResponse`, with a member this gateway does not model, to be kept.
            let base = await state.storeImage(FakeIdeogram.png), original = await state.storeImage(FakeIdeogram.png)
            return json([
                "base_image_url": "\(host)/images/\(base)", "original_image_url": "\(host)/images/\(original)", "seed": decoded.seed ?? 42,
                "text_blocks": [[
                    "text": "FAKE", "x": 1, "y": 2, "width": 3, "height": 4, "alignment": "left", "formatting": ["bold"],
                    "letter_spacing": 0.5,
                ]],
            ])
        }
        var data: [[String: Any]] = []
        let resolution = decoded.outputResolution
        for i in 0..<decoded.numImages {
            let safe = i >= withheld
            var url: Any = NSNull()
            if safe {
                let name = await state.storeImage(FakeIdeogram.png)
                url = "\(host)/images/\(name)"
            }
            var item: [String: Any] = [
                "url": url, "prompt": decoded.prompt ?? "", "resolution": "\(resolution.width)x\(resolution.height)",
                "is_image_safe": safe, "seed": decoded.seed ?? (1000 + i),
            ]
            if let style = decoded.styleType { item["style_type"] = style }
            data.append(item)
        }
        return json(["created": "2025-06-01T12:00:00.123456+00:00", "data": data])
    }

    static let png = PNG.encode(Raster(width: 8, height: 8, fill: RGBA(r: 12, g: 200, b: 90)))

    static func error(_ status: Int, _ message: String, extra: [String: Any] = [:]) -> Response {
        var body: [String: Any] = ["error": message]
        for (k, v) in extra { body[k] = v }
        return json(body, status: status)
    }

    static func json(_ object: [String: Any], status: Int = 200) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The fake's counters and switches.
actor FakeState {
    let inflightLimit: Int
    var latency: Duration
    private(set) var behaviour: FakeIdeogram.Behaviour = .normal
    private(set) var inflight = 0
    private(set) var maxInflight = 0
    /// Requests that reached the fake, valid or not.
    private(set) var calls = 0
    /// Images Ideogram would have billed: every image of a request the fake went on to work on
    /// (answered, withheld, cut short or dropped after the work), not those it refused with an
    /// error status.
    private(set) var billedImages = 0
    private(set) var requests: [IdeogramRequest] = []
    private var images: [String: ByteBuffer] = [:]

    let strict: Bool

    init(inflightLimit: Int, latency: Duration, strict: Bool = true) {
        self.strict = strict
        self.inflightLimit = inflightLimit
        self.latency = latency
    }

    func set(_ behaviour: FakeIdeogram.Behaviour) { self.behaviour = behaviour }
    func setLatency(_ latency: Duration) { self.latency = latency }
    func countCall() { calls += 1 }
    func bill(_ images: Int) { billedImages += images }
    func recordRequest(_ request: IdeogramRequest) { requests.append(request) }

    func enter(_ n: Int) -> Bool {
        if inflight + n > inflightLimit {
            guard strict else { return false }
            Issue.record("the fake's in-flight limit was exceeded: \(inflight) in flight + \(n) > \(inflightLimit)")
            return false
        }
        inflight += n
        maxInflight = max(maxInflight, inflight)
        return true
    }

    func leave(_ n: Int) { inflight -= n }

    func storeImage(_ png: ByteBuffer) -> String {
        let name = UUID().uuidString + ".png"
        images[name] = png
        return name
    }

    func image(_ name: String) -> ByteBuffer? { images[name] }

    /// Ideogram's links die after 24 hours; this makes every link so far die now.
    func expireImages() { images = [:] }
}

/// A request context that keeps the connection, so the fake can cut it.
struct FakeContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
