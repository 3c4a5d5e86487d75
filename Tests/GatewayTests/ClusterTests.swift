import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// Three real `ideogate serve` processes on one PostgreSQL database and one S3-compatible bucket,
/// behind no load balancer but the test spreading its requests, in front of a fake Ideogram that
/// counts images in flight (DESIGN.md §8). One node is SIGKILLed mid-load.
///
/// Needs the PostgreSQL and S3 servers `scripts/test` starts (`IDEOGATE_TEST_POSTGRES_URL`,
/// `IDEOGATE_TEST_S3_ENDPOINT`); without them it fails rather than pass unseen.
@Suite(.serialized) struct ClusterTests {
    static let price: Int64 = 30_000  // V3 TURBO
    static let covered = 20           // images the balance pays for, exactly
    static let channelLimit = 4

    @Test func threeNodesChargeWhatWasDeliveredShareSlotsAndReleaseADeadNode() async throws {
        let env = ProcessInfo.processInfo.environment
        guard let baseURL = env["IDEOGATE_TEST_POSTGRES_URL"], let s3 = env["IDEOGATE_TEST_S3_ENDPOINT"] else {
            Issue.record("the cluster test needs PostgreSQL and S3 servers: run scripts/test, which starts both")
            return
        }
        let database = try Self.freshDatabase(baseURL)
        let bucket = "cluster-\(UUID().uuidString.prefix(8).lowercased())"
        try await Self.createBucket(endpoint: s3, bucket: bucket)
        let fake = try await FakeIdeogram.start(inflightLimit: Self.channelLimit, latency: .milliseconds(300), strictInflight: true)
        defer { Task { await fake.stop() } }
        let shared: [String: String] = [
            "IDEOGATE_CHANNEL_KEY": Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString(),
            "AWS_ACCESS_KEY_ID": "cluster", "AWS_SECRET_ACCESS_KEY": "cluster-secret", "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": s3, "CLUSTER_FAKE_KEY": fake.apiKey,
        ]
        func cli(_ arguments: [String]) throws -> String {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-test-cli-\(UUID().uuidString)").path
            let result = try ServerProcess.run(arguments + ["--database", database, "--data-dir", directory], environment: shared)
            try #require(result.status == 0, "\(arguments): \(result.output)")
            return result.output
        }
        let credit = Double(Int64(Self.covered) * Self.price) / 1_000_000
        let accountID = try #require(try cli(["account", "create", "--name", "cluster", "--credit", String(format: "%.2f", credit)])
            .split(separator: "\n").last.map(String.init))
        let key = try #require(try cli(["key", "create", "--account", accountID]).split(separator: "\n").last.map(String.init))
        _ = try cli([
            "channel", "add", "fake", "--base-url", fake.baseURL, "--api-key-env", "CLUSTER_FAKE_KEY",
            "--max-inflight-images", "\(Self.channelLimit)", "--allowed-image-hosts", "127.0.0.1",
        ])
        _ = try cli(["channel", "disable", "sandbox"])

        var nodes: [ServerProcess] = []
        for n in 1...3 {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-test-node\(n)-\(UUID().uuidString)").path
            nodes.append(try await ServerProcess.start([
                "--database", database, "--image-store", "s3://\(bucket)/images", "--data-dir", directory,
                "--node-name", "node\(n)", "--node-horizon-seconds", "3", "--log-level", "warning",
            ], environment: shared))
        }
        defer { for node in nodes { node.kill() } }

        // 40 one-image requests, spread over the three nodes, for a balance that covers 20.
        let client = ShutdownTests.client()
        let victim = nodes[2]
        let killedAt = ContinuousClock.now + .milliseconds(700)
        typealias Outcome = (node: Int, status: Int, url: String?)
        let results: [Outcome] = try await withThrowingTaskGroup(of: Outcome?.self) { group in
            for i in 0..<40 {
                let node = i % 3
                let target = nodes[node]
                group.addTask {
                    let request = ShutdownTests.request(target, key: key, images: 1)
                    guard let response = try? await client.execute(request, timeout: .seconds(60)) else { return (node, 0, nil) }
                    let body = try await response.body.collect(upTo: 1 << 20)
                    let json = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
                    let url = (json?["data"] as? [[String: Any]])?.first?["url"] as? String
                    return (node, Int(response.status.code), url)
                }
            }
            group.addTask {
                try await Task.sleep(until: killedAt)
                victim.kill()
                return nil
            }
            var outcomes: [Outcome] = []
            for try await outcome in group { if let outcome { outcomes.append(outcome) } }
            return outcomes
        }
        let ok = results.filter { $0.status == 200 }
        let refused = results.filter { $0.status == 402 }
        #expect(!refused.isEmpty, "the balance covers \(Self.covered) of 40 images")

        // The dead node's holds are released by the others once its heartbeat is past the horizon.
        var releasedAfter: Duration?
        for _ in 0..<400 {
            if try Self.sql(database, "SELECT COUNT(*) FROM ledger h WHERE kind = 'hold' AND NOT EXISTS (SELECT 1 FROM ledger s WHERE s.request_id = h.request_id AND s.kind = 'settle')") == "0" {
                releasedAfter = ContinuousClock.now - killedAt
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let released = try #require(releasedAfter, "the dead node's holds were never released")

        // Money: charged exactly what was delivered, never past the balance.
        let balance = try #require(Int64(try Self.sql(database, "SELECT balance_micros FROM accounts WHERE id = '\(accountID)'")))
        let delivered = try #require(Int(try Self.sql(database, "SELECT COALESCE(SUM(images_delivered), 0) FROM usage WHERE charged_micros > 0")))
        let charged = try #require(Int64(try Self.sql(database, "SELECT COALESCE(SUM(charged_micros), 0) FROM usage")))
        #expect(balance >= 0)
        #expect(charged == Int64(delivered) * Self.price)
        #expect(Int64(Self.covered) * Self.price - balance == charged)
        #expect(delivered <= Self.covered)
        #expect(ok.count <= delivered, "every 200 was charged (a killed node's may have been too)")
        let peak = await fake.state.maxInflight
        #expect(peak <= Self.channelLimit)

        // Every image link answers from every live node, with the same bytes.
        let live = nodes.prefix(2)
        var links = 0
        for result in ok {
            let url = try #require(result.url)
            var bodies: [ByteBuffer] = []
            for node in live {
                let components = try #require(URLComponents(string: url))
                let path = components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
                let response = try await client.execute(HTTPClientRequest(url: node.baseURL + path), timeout: .seconds(10))
                #expect(response.status == .ok, "\(path) from \(node.baseURL)")
                bodies.append(try await response.body.collect(upTo: 32 << 20))
            }
            #expect(bodies.count == 2 && bodies[0] == bodies[1] && bodies[0].readableBytes > 0)
            links += 1
        }

        // The audit passes on the shared database.
        let audit = try ServerProcess.run(
            ["audit", "--database", database, "--data-dir", FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-test-audit-\(UUID().uuidString)").path],
            environment: shared)
        #expect(audit.status == 0, "\(audit.output)")
        for node in live { node.terminate() }
        try await client.shutdown()
        print("""
            cluster: 40 requests over 3 nodes (one SIGKILLed), \(ok.count) served, \(refused.count) refused 402, \
            \(delivered) images charged $\(String(format: "%.2f", Double(charged) / 1e6)) of a balance covering \(Self.covered), \
            fake peak \(peak) in flight (limit \(Self.channelLimit)), dead node's holds released \(released) after the kill, \
            \(links) links read from 2 nodes each
            """)
    }

    /// A database of its own on the test server, so runs never share state.
    static func freshDatabase(_ base: String) throws -> String {
        var components = try #require(URLComponents(string: base))
        let name = "cluster_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try sql(base, "CREATE DATABASE \(name)")
        components.path = "/" + name
        return try #require(components.string)
    }

    /// One value from psql (Debian's client), so the test reads the shared truth directly.
    static func sql(_ url: String, _ query: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["psql", url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", query]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard p.terminationStatus == 0 else { throw ProcessFailure("psql: \(text)") }
        return text
    }

    /// moto's server creates a bucket on an unsigned PUT, as S3 would on a signed one.
    static func createBucket(endpoint: String, bucket: String) async throws {
        var request = HTTPClientRequest(url: endpoint + "/" + bucket)
        request.method = .PUT
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        try #require((200..<300).contains(Int(response.status.code)), "bucket \(bucket): \(response.status)")
    }
}
