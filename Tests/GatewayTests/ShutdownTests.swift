import AsyncHTTPClient
import Foundation
import Gateway
import HTTPTypes
import GatewaySQLite
import NIOCore
import Testing

/// The real binary under SIGTERM and SIGKILL: in-flight work finishes or is released, the books
/// balance, and nothing is left waiting on a request that died.
@Suite(.serialized) struct ShutdownTests {
    struct Install {
        let directory: String
        let accountID: String
        let key: String

        static func make(credit: Int = 100) throws -> Install {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-stop-\(UUID().uuidString)").path
            let created = try ServerProcess.run(["account", "create", "--name", "stop", "--credit", "\(credit)", "--data-dir", directory])
            guard created.status == 0, let accountID = created.output.split(separator: "\n").last.map(String.init) else {
                throw ProcessFailure(created.output)
            }
            let key = try ServerProcess.run(["key", "create", "--account", accountID, "--data-dir", directory]).output
            return Install(directory: directory, accountID: accountID, key: key)
        }

        func balance() async throws -> Int64 {
            let store = try SQLiteStore(path: directory + "/ideogate.sqlite")
            defer { Task { try? await store.close() } }
            return try await store.account(id: accountID)?.balanceMicros ?? -1
        }

        func openHolds() async throws -> Int {
            let store = try SQLiteStore(path: directory + "/ideogate.sqlite")
            defer { Task { try? await store.close() } }
            return try await store.openHolds(olderThan: .max).count
        }

        func audit() throws -> (status: Int32, output: String) {
            try ServerProcess.run(["audit", "--data-dir", directory])
        }
    }

    static func request(_ server: ServerProcess, key: String, idempotencyKey: String? = nil, images: Int = 1) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: server.baseURL + "/ideogram/v1/ideogram-v3/generate")
        request.method = .POST
        request.headers.add(name: "Api-Key", value: key)
        request.headers.add(name: "Content-Type", value: "application/json")
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        request.body = .bytes(ByteBuffer(string: #"{"prompt":"stop","num_images":\#(images),"rendering_speed":"TURBO"}"#))
        return request
    }

    static func client() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    @Test func sigtermLetsRequestsInFlightFinishThenExits() async throws {
        let install = try Install.make()
        defer { try? FileManager.default.removeItem(atPath: install.directory) }
        // Each request takes 6 s upstream, long enough for all five to be in the server together
        // however slowly a loaded machine lets them arrive; the drain allows 30 s.
        let server = try await ServerProcess.start(["--data-dir", install.directory, "--sandbox-delay-ms", "6000", "--drain-seconds", "30"])
        let client = Self.client()
        let requests = (0..<5).map { _ in
            Task { try await client.execute(Self.request(server, key: install.key), timeout: .seconds(60)).status }
        }
        // Every request is in the server, holding its money, before the signal.
        var held = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while held < 5, ContinuousClock.now < deadline {
            held = try await install.openHolds()
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(held == 5)
        let stopped = ContinuousClock.now
        server.terminate()
        let took = ContinuousClock.now - stopped
        var statuses: [Int] = []
        for r in requests { statuses.append(Int((try? await r.value)?.code ?? 0)) }
        try await client.shutdown()
        #expect(statuses == [200, 200, 200, 200, 200])
        #expect(server.process.terminationStatus == 0)
        // It stops when its requests are done, not when the drain allowance runs out.
        #expect(took < .seconds(25))
        #expect(try await install.balance() == 100_000_000 - 5 * 30_000)
        #expect(try await install.openHolds() == 0)
        #expect(try install.audit().status == 0)
    }

    @Test func sigtermPastTheDrainTimeoutReleasesWhatRemainsAndExits() async throws {
        let install = try Install.make()
        defer { try? FileManager.default.removeItem(atPath: install.directory) }
        let server = try await ServerProcess.start(["--data-dir", install.directory, "--sandbox-delay-ms", "600000", "--drain-seconds", "2"])
        let client = Self.client()
        let requests = (0..<5).map { _ in Task { _ = try? await client.execute(Self.request(server, key: install.key), timeout: .seconds(60)) } }
        var held = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while held < 5, ContinuousClock.now < deadline {
            held = try await install.openHolds()
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(held == 5)
        let stopped = ContinuousClock.now
        server.terminate()
        let took = ContinuousClock.now - stopped
        for r in requests { await r.value }
        try await client.shutdown()
        #expect(took < .seconds(12))
        #expect(try await install.openHolds() == 0)
        #expect(try await install.balance() == 100_000_000)
        #expect(try install.audit().status == 0)
    }

    /// The lifecycle re-reads channels beside the server: a change the CLI makes from another
    /// process takes effect within seconds, with no request having to look for it.
    @Test func aRunningServerPicksUpChannelChangesMadeByTheCommandLine() async throws {
        let install = try Install.make()
        defer { try? FileManager.default.removeItem(atPath: install.directory) }
        let server = try await ServerProcess.start(["--data-dir", install.directory])
        defer { server.terminate() }
        let client = Self.client()
        #expect(try await client.execute(Self.request(server, key: install.key), timeout: .seconds(30)).status == .ok)
        #expect(try ServerProcess.run(["channel", "disable", "sandbox", "--data-dir", install.directory]).status == 0)
        var status = 200, served = 1
        for _ in 0..<60 where status == 200 {
            try await Task.sleep(for: .milliseconds(500))
            status = Int(try await client.execute(Self.request(server, key: install.key), timeout: .seconds(30)).status.code)
            if status == 200 { served += 1 }
        }
        // No enabled channel is left: the request is refused and not charged.
        #expect(status == 502)
        #expect(served <= 15, "the change took more than the refresh interval to arrive")
        try await client.shutdown()
        #expect(try await install.balance() == 100_000_000 - Int64(served) * 30_000)
    }

    /// kill -9 while a request with an Idempotency-Key runs: after the restart the retry runs
    /// afresh and is charged once, instead of waiting forever for a request that died.
    @Test func anIdempotencyKeyInProgressAtACrashRunsAfreshAfterRestart() async throws {
        let install = try Install.make()
        defer { try? FileManager.default.removeItem(atPath: install.directory) }
        let server = try await ServerProcess.start(["--data-dir", install.directory, "--sandbox-delay-ms", "600000"])
        let client = Self.client()
        let first = Task { _ = try? await client.execute(Self.request(server, key: install.key, idempotencyKey: "crash-key"), timeout: .seconds(60)) }
        var held = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while held < 1, ContinuousClock.now < deadline {
            held = try await install.openHolds()
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(held == 1)
        server.kill()
        first.cancel()
        let restarted = try await ServerProcess.start(["--data-dir", install.directory])
        defer { restarted.terminate() }
        let retry = try await client.execute(Self.request(restarted, key: install.key, idempotencyKey: "crash-key"), timeout: .seconds(20))
        #expect(retry.status == .ok)
        #expect(try await install.balance() == 100_000_000 - 30_000)
        try await client.shutdown()
    }
}

/// The ordered shutdown inside one process: tasks already running finish and are charged; a
/// task submitted once draining began is refused and its hold released, not leaked.
@Suite struct TaskDrainTests {
    @Test func stoppingDrainsRunningTasksAndRefusesNewOnesWithoutKeepingTheirMoney() async throws {
        let t = try await TestGateway.make {
            $0.sandboxDelay = .milliseconds(1500)
            // The drain waits for the running task however loaded the machine is: what is
            // asserted is that it is charged once and the refused one is not.
            $0.drainTimeout = .seconds(300)
        }
        let asyncGenerate = #"{"prompt":"drain","rendering_speed":"TURBO","async":true}"#
        let firstTask = try await t.application.test(.router) { client in
            let first = try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: t.key, json: asyncGenerate)
            #expect(first.status == .accepted)
            let firstTask = first.headers[HTTPField.Name("X-Ideogate-Task-Id")!]
            let stopping = Task { await t.gateway.stop() }
            try await Task.sleep(for: .milliseconds(200))
            let late = try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: t.key, json: asyncGenerate)
            #expect(late.status == .serviceUnavailable)
            #expect(late.errorCode == "shutting_down")
            await stopping.value
            return firstTask
        }
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        let store = try SQLiteStore(path: t.directory + "/ideogate.sqlite")
        let balance = try #require(try await store.account(id: t.accountID)).balanceMicros
        let firstID = try #require(firstTask)
        let task = try #require(try await store.task(id: firstID))
        #expect(task.status == .succeeded)
        let chargedOnce: Int64 = 10_000_000 - 30_000
        #expect(balance == chargedOnce)
        #expect(try await store.openHolds(olderThan: .max).isEmpty)
        try await store.close()
    }
}
