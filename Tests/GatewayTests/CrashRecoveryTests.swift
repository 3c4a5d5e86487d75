import AsyncHTTPClient
import Foundation
import Gateway
import GatewaySQLite
import NIOCore
import Testing

/// A crash while money is held: the holds survive in the ledger, and the next start releases
/// every one of them, leaving each balance equal to its ledger.
@Suite(.serialized) struct CrashRecoveryTests {
    @Test func sigkillWhileFiftyRequestsHoldMoney() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let created = try ServerProcess.run(["account", "create", "--name", "crash", "--credit", "100", "--data-dir", directory])
        try #require(created.status == 0, "\(created.output)")
        let accountID = try #require(created.output.split(separator: "\n").last.map(String.init))
        let key = try ServerProcess.run(["key", "create", "--account", accountID, "--data-dir", directory]).output
        let startBalance: Int64 = 100_000_000

        // Every request sleeps in the sandbox far longer than the test, so its hold stays open.
        let server = try await ServerProcess.start(["--data-dir", directory, "--sandbox-delay-ms", "600000"])
        var configuration = HTTPClient.Configuration()
        // One connection per request: the default pool of 8 would queue the rest client-side.
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let requests = (0..<50).map { i in
            Task {
                var request = HTTPClientRequest(url: server.baseURL + "/ideogram/v1/ideogram-v3/generate")
                request.method = .POST
                request.headers.add(name: "Api-Key", value: key)
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: #"{"prompt":"crash \#(i)","num_images":\#(i % 4 + 1),"rendering_speed":"TURBO"}"#))
                _ = try? await client.execute(request, timeout: .seconds(600))
            }
        }

        let store = try SQLiteStore(path: directory + "/ideogate.sqlite")
        let deadline = ContinuousClock.now + .seconds(60)
        var open = 0
        while ContinuousClock.now < deadline {
            open = try await store.openHolds(olderThan: .max).count
            if open == 50 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(open == 50)
        let heldBalance = try #require(try await store.account(id: accountID)).balanceMicros
        let expectedHeld = (0..<50).map { Int64($0 % 4 + 1) * 30_000 }.reduce(0, +)
        #expect(heldBalance == startBalance - expectedHeld)

        server.kill()
        for r in requests { r.cancel() }
        try await client.shutdown()

        let restarted = try await ServerProcess.start(["--data-dir", directory])
        defer { restarted.terminate() }
        #expect(try await store.openHolds(olderThan: .max).isEmpty)
        #expect(try await store.account(id: accountID)?.balanceMicros == startBalance)
        let audit = try ServerProcess.run(["audit", "--data-dir", directory])
        #expect(audit.status == 0, "\(audit.output)")
        #expect(audit.output.contains("audit passed"))
    }
}
