import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// The benchmark's floor (bench/run); not part of the product.
///
/// The smallest proxy that can be built from Ideogate's own parts: a Hummingbird 2 server that
/// collects a generate request's body and forwards it with AsyncHTTPClient, configured as
/// Ideogate configures them (connections pinned to their event loop, one shared HTTP client with
/// the same pool settings). Measured beside Ideogate in the same run, it shows what the HTTP
/// stack alone costs (`--mode pass`), and what the stack plus a durable hold before the upstream
/// call and a settlement after it cost (`--mode durable`, see `FloorLedger`). What Ideogate costs
/// above these is its own work: key auth, quoting, validation, usage rows, metrics.
///
/// Usage: ideogate-floor [--port N] [--upstream URL] [--mode pass|durable] [--data-dir DIR] [--api-key KEY]
@main
struct IdeogateFloor {
    /// Ideogate's body limit.
    static let maxBody = 48 * 1024 * 1024
    /// Ideogate's limit on an upstream answer (`IdeogramUpstream.maxResponseBytes`).
    static let maxAnswer = 4 * 1024 * 1024
    /// Numbers the requests, for their ledger rows' ids.
    static let requests = Atomic<Int>(0)

    static func main() async throws {
        let args = CommandLine.arguments
        func value(_ flag: String) -> String? {
            guard let i = args.firstIndex(of: flag), i + 1 < args.count else { return nil }
            return args[i + 1]
        }
        let port = value("--port").flatMap(Int.init) ?? 18470
        let upstream = (value("--upstream") ?? "http://127.0.0.1:9090").trimmingCharacters(in: ["/"])
        let mode = value("--mode") ?? "pass"
        let apiKey = value("--api-key") ?? "bench"
        guard mode == "pass" || mode == "durable" else {
            FileHandle.standardError.write(Data("--mode must be pass or durable\n".utf8))
            exit(2)
        }
        let ledger: FloorLedger?
        if mode == "durable" {
            let dir = value("--data-dir") ?? "floor-data"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            ledger = try FloorLedger(path: dir + "/floor.sqlite")
        } else {
            ledger = nil
        }

        // Ideogate's upstream client (HTTPClientPool) with the default channel's timeouts.
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(150)))
        configuration.httpVersion = .automatic
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16_384)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let target = upstream + "/v1/ideogram-v3/generate"
        let runID = Int(Date().timeIntervalSince1970 * 1000)

        let router = Router()
        router.get("/healthz") { _, _ in "ok" }
        router.get("/readyz") { _, _ in "ok" }
        // No key check, no validation, no quote: those are the gateway's own work, which the
        // floor exists to leave out. The body is forwarded as it came.
        router.post("/ideogram/v1/ideogram-v3/generate") { request, _ -> Response in
            let body = try await request.body.collect(upTo: IdeogateFloor.maxBody)
            let requestID = "\(runID)-\(IdeogateFloor.requests.wrappingAdd(1, ordering: .relaxed).newValue)"
            try await ledger?.hold(requestID: requestID)
            var call = HTTPClientRequest(url: target)
            call.method = .POST
            call.headers.add(name: "Api-Key", value: apiKey)
            call.headers.add(name: "Content-Type", value: request.headers[.contentType] ?? "application/json")
            call.headers.add(name: "Accept", value: "application/json")
            call.body = .bytes(body)
            // The default channel's whole-call timeout, as Ideogate passes it.
            let answer = try await client.execute(call, timeout: .seconds(180))
            let answerBody = try await answer.body.collect(upTo: IdeogateFloor.maxAnswer)
            try await ledger?.settle(requestID: requestID)
            return Response(
                status: .init(code: Int(answer.status.code)),
                headers: [.contentType: answer.headers.first(name: "Content-Type") ?? "application/json"],
                body: .init(byteBuffer: answerBody))
        }
        let app = Application(
            router: router,
            server: .pinnedHTTP1(),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "ideogate-floor"))
        try await app.runService()
        try await client.shutdown()
    }
}

// Ideogate runs each connection's task on the connection's event loop (Sources/Gateway/Server/
// EventLoopPinnedChannel.swift explains why); the floor does the same, so the difference between
// the two is the gateway's work and not a different threading model. A copy, because the
// gateway's is internal to its module.
struct EventLoopPinnedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await base.handle(value: value, logger: logger)
        }
    }
}

final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

extension HTTPServerBuilder {
    static func pinnedHTTP1() -> HTTPServerBuilder {
        .init { responder in EventLoopPinnedChannel(base: HTTP1Channel(responder: responder)) }
    }
}
