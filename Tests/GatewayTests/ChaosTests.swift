import AsyncHTTPClient
import Foundation
import Gateway
import GatewaySQLite
import NIOCore
import Testing

/// Concurrent requests against a faulty upstream, callers who hang up, retries with the same
/// Idempotency-Key, and a SIGKILL of the real binary in the middle of it all. Afterwards the
/// books balance, nothing is charged twice, nothing is charged that the upstream did not make,
/// and every image the upstream billed is either charged to a customer or recorded as loss.
@Suite(.serialized) struct ChaosTests {
    static let price: Int64 = 30_000  // V3 TURBO

    @Test func faultsHangUpsRetriesAndACrashNeverLoseMoney() async throws {
        // Not strict about its in-flight limit: after a timeout the gateway frees the slots while
        // the fake (like Ideogram) still works on the images, and answers 429 past its limit.
        let fake = try await FakeIdeogram.start(inflightLimit: 10, latency: .milliseconds(150), strictInflight: false)
        let install = try ShutdownTests.Install.make(credit: 1000)
        defer { try? FileManager.default.removeItem(atPath: install.directory) }
        setenv("CHAOS_FAKE_KEY", fake.apiKey, 1)
        let added = try ServerProcess.run([
            "channel", "add", "fake", "--base-url", fake.baseURL, "--api-key-env", "CHAOS_FAKE_KEY", "--max-inflight-images", "10",
            "--allowed-image-hosts", "127.0.0.1", "--total-timeout-ms", "1500", "--data-dir", install.directory,
        ])
        try #require(added.status == 0, "\(added.output)")
        try #require(ServerProcess.run(["channel", "disable", "sandbox", "--data-dir", install.directory]).status == 0)

        let client = ShutdownTests.client()
        let faults: [FakeIdeogram.Behaviour] = [.normal, .normal, .status(503), .unsafe(1), .reset, .truncated, .normal, .hang]
        var server = try await ServerProcess.start(["--data-dir", install.directory])
        for round in 0..<2 {
            let target = server
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        let images = i % 4 + 1
                        // A quarter of the callers give up early; some retry with their key.
                        let timeout: TimeAmount = i % 4 == 0 ? .milliseconds(100) : .seconds(30)
                        let key = i % 3 == 0 ? "chaos-\(round)-\(i)" : nil
                        let request = ShutdownTests.request(target, key: install.key, idempotencyKey: key, images: images)
                        _ = try? await client.execute(request, timeout: timeout)
                        if key != nil { _ = try? await client.execute(request, timeout: .seconds(30)) }
                    }
                }
                group.addTask {
                    for (n, fault) in faults.enumerated() {
                        await fake.set(fault)
                        try await Task.sleep(for: .milliseconds(250 + 50 * n))
                    }
                    await fake.set(.normal)
                }
                if round == 0 {
                    // Kill the gateway while requests are in flight.
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(900))
                        target.kill()
                    }
                }
                try await group.waitForAll()
            }
            if round == 0 {
                // The upstream still works on what the dead process sent it; restart once it has
                // drained, so the second round starts from an idle upstream.
                for _ in 0..<400 where await fake.state.inflight > 0 {
                    try await Task.sleep(for: .milliseconds(25))
                }
                server = try await ServerProcess.start(["--data-dir", install.directory])
            }
        }
        // Let every request the gateway still runs come to its end.
        try await Task.sleep(for: .seconds(2))
        server.terminate()
        try await client.shutdown()
        await fake.stop()

        let audit = try install.audit()
        #expect(audit.status == 0, "\(audit.output)")
        // The audit shows the operator what the faults cost them.
        #expect(audit.output.contains("operator loss: "), "\(audit.output)")
        #expect(try await install.openHolds() == 0)
        let store = try SQLiteStore(path: install.directory + "/ideogate.sqlite")
        let usage = try await store.usage(accountID: install.accountID, limit: 10_000, offset: 0)
        // Each charge is for images delivered, at the list price, and a request id is charged once.
        for row in usage {
            #expect(row.chargedMicros == Int64(row.imagesDelivered) * row.unitPriceMicros, "\(row)")
        }
        let charged = usage.filter { $0.chargedMicros > 0 }.map(\.requestID)
        #expect(Set(charged).count == charged.count)
        let spent = 1_000_000_000 - (try await install.balance())
        #expect(spent % Self.price == 0)
        let chargedImages = Int(spent / Self.price)
        let lossImages = try await store.losses(since: nil, limit: 100_000).map(\.images).reduce(0, +)
        let billed = await fake.state.billedImages
        #expect(chargedImages <= billed, "charged \(chargedImages) images, the upstream made \(billed)")
        #expect(billed <= chargedImages + lossImages, "billed \(billed), charged \(chargedImages), recorded loss \(lossImages)")
        #expect(chargedImages > 0)
        print("chaos: \(usage.count) usage rows, upstream billed \(billed) images, charged \(chargedImages), recorded loss \(lossImages)")
        try await store.close()
    }
}
