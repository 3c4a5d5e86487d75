import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// Two `ideogate serve --database postgres://…` processes on one database, administered by the
/// CLI from a third data directory: the accounts, keys and money are the database's, not any
/// node's, and a key revoked by the CLI is refused by both nodes within a second.
@Suite(.serialized) struct PostgresNodesTests {
    /// The test server (scripts/test starts one), or a marker that fails the test when one is
    /// required (`IDEOGATE_REQUIRE_POSTGRES=1`) and missing.
    static let servers: [String] = {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["IDEOGATE_TEST_POSTGRES_URL"], !url.isEmpty { return [url] }
        return environment["IDEOGATE_REQUIRE_POSTGRES"] == "1" ? ["missing"] : []
    }()

    @Test(arguments: servers)
    func twoNodesShareAccountsMoneyAndRevocations(_ server: String) async throws {
        try #require(server != "missing", "IDEOGATE_REQUIRE_POSTGRES=1 but IDEOGATE_TEST_POSTGRES_URL is not set")
        let database = try freshDatabase(on: server)
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-nodes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        func verb(_ arguments: [String]) throws -> String {
            let result = try ServerProcess.run(arguments + ["--data-dir", base + "/cli", "--database", database])
            try #require(result.status == 0, "\(arguments): \(result.output)")
            return result.output
        }
        let accountID = try #require(try verb(["account", "create", "--name", "shared", "--credit", "1"]).split(separator: "\n").last.map(String.init))
        let key = try #require(try verb(["key", "create", "--account", accountID]).split(separator: "\n").last.map(String.init))

        let nodeA = try await ServerProcess.start(["--data-dir", base + "/a", "--database", database])
        defer { nodeA.terminate() }
        let nodeB = try await ServerProcess.start(["--data-dir", base + "/b", "--database", database])
        defer { nodeB.terminate() }
        #expect(try await generate(nodeA, key: key) == 200)
        #expect(try await generate(nodeB, key: key) == 200)
        // One balance, charged by both nodes: $1 less two TURBO images.
        #expect(try verb(["account", "list"]).contains("\(accountID)\tshared\tdefault\t$0.94"))
        // A data directory of its own holds none of it.
        let local = try ServerProcess.run(["account", "list", "--data-dir", base + "/cli"])
        #expect(local.status == 0 && !local.output.contains(accountID))

        let keyID = try #require(try verb(["key", "list", "--account", accountID]).split(separator: "\t").first.map(String.init))
        _ = try verb(["key", "revoke", keyID])
        let deadline = ContinuousClock.now + .seconds(1)
        var statuses = (0, 0)
        repeat {
            statuses = (try await generate(nodeA, key: key), try await generate(nodeB, key: key))
            if statuses == (401, 401) { break }
            try await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < deadline
        #expect(statuses == (401, 401))
        #expect(try verb(["audit"]).contains("audit passed"))
    }

    private func generate(_ node: ServerProcess, key: String) async throws -> Int {
        var request = HTTPClientRequest(url: node.baseURL + "/ideogram/v1/ideogram-v3/generate")
        request.method = .POST
        request.headers.add(name: "Api-Key", value: key)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"prompt":"shared","rendering_speed":"TURBO"}"#))
        return Int(try await HTTPClient.shared.execute(request, timeout: .seconds(30)).status.code)
    }

    /// A database of its own on the test server, made with the server's own client.
    private func freshDatabase(on server: String) throws -> String {
        let name = "nodes_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", server, "-qc", "CREATE DATABASE \(name)"]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "psql could not create a database")
        guard let slash = server.lastIndex(of: "/") else { throw ProcessFailure("no database in \(server)") }
        return server[..<slash] + "/" + name
    }
}
