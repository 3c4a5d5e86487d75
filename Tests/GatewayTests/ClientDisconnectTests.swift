import AsyncHTTPClient
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Money on hang-up (DESIGN.md §3): a request already sent upstream runs to completion and is
/// charged — its answer waits for a retry with the same Idempotency-Key — unless the operator
/// chose "release"; a request still waiting for a slot is dropped and released.
@Suite struct ClientDisconnectTests {
    static func generate(port: Int, key: String, idempotencyKey: String? = nil, images: Int = 4) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/ideogram/v1/ideogram-v3/generate")
        request.method = .POST
        request.headers.add(name: "Api-Key", value: key)
        request.headers.add(name: "Content-Type", value: "application/json")
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        request.body = .bytes(ByteBuffer(string: #"{"prompt":"x","num_images":\#(images),"rendering_speed":"TURBO"}"#))
        return request
    }

    static func firstUsageRow(_ t: TestGateway) async throws -> UsageRecord? {
        for _ in 0..<3000 {
            if let row = try await t.gateway.store.usage(accountID: t.accountID, limit: 1, offset: 0).first { return row }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    @Test func aHangUpAfterTheUpstreamCallCompletesAndChargesOnceAndTheRetryGetsTheImages() async throws {
        let t = try await TestGateway.make { $0.sandboxDelay = .seconds(2) }
        try await t.test(.live) { client in
            let port = try #require(client.port)
            // The client gives up after half a second and closes its connection.
            await #expect(throws: (any Error).self) {
                _ = try await HTTPClient.shared.execute(Self.generate(port: port, key: t.key, idempotencyKey: "hang-1"), timeout: .milliseconds(500))
            }
            let row = try await Self.firstUsageRow(t)
            #expect(row?.status == 200 && row?.imagesDelivered == 4 && row?.chargedMicros == 120_000)
            #expect(try await t.balance() == 10_000_000 - 120_000)
            // The retry with the same key gets the same images, without a second charge.
            let retry = try await HTTPClient.shared.execute(Self.generate(port: port, key: t.key, idempotencyKey: "hang-1"), timeout: .seconds(60))
            #expect(retry.status == .ok)
            #expect(retry.headers["Idempotent-Replayed"].first == "true")
            let body = try await retry.body.collect(upTo: 1 << 20)
            let data = try #require((try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])?["data"] as? [Any])
            #expect(data.count == 4)
            #expect(try await t.balance() == 10_000_000 - 120_000)
            #expect(try await t.gateway.store.openHolds(olderThan: .max).isEmpty)
            // Its images are in the account's gallery.
            #expect(try await t.gateway.store.galleryImages(accountID: t.accountID, limit: 10, offset: 0).count == 4)
        }
    }

    @Test func withReleaseOnHangUpTheHoldIsReleased() async throws {
        let t = try await TestGateway.make {
            $0.sandboxDelay = .seconds(30)
            $0.hangupPolicy = .release
        }
        try await t.test(.live) { client in
            let port = try #require(client.port)
            await #expect(throws: (any Error).self) {
                _ = try await HTTPClient.shared.execute(Self.generate(port: port, key: t.key), timeout: .milliseconds(500))
            }
            let row = try await Self.firstUsageRow(t)
            #expect(row?.status == 499 && row?.errorCode == "client_closed_request" && row?.chargedMicros == 0)
            #expect(try await t.balance() == 10_000_000)
            #expect(try await t.gateway.store.openHolds(olderThan: .max).isEmpty)
        }
    }

    /// A request still waiting for an image slot when its caller leaves never reaches the upstream.
    @Test func aHangUpWhileQueuedCancelsAndReleases() async throws {
        // The one slot stays busy 5 s, far longer than the second caller waits, and the channel's
        // timeouts leave the first request all the time a loaded machine may need.
        let rig = try await ChannelRig.make(
            [.init(name: "one", maxInflight: 1, totalTimeoutMillis: 60_000, readTimeoutMillis: 30_000)], fakeLatency: .seconds(5))
        try await rig.t.test(.live) { client in
            let port = try #require(client.port)
            let first = Task { try await HTTPClient.shared.execute(Self.generate(port: port, key: rig.t.key, images: 1), timeout: .seconds(60)) }
            // The second request is sent only once the first holds the channel's one slot, so it
            // queues whatever the machine's load; waiting on the fact, not on a sleep.
            try await Self.waitFor { await rig.fakes[0].state.calls == 1 }
            await #expect(throws: (any Error).self) {
                _ = try await HTTPClient.shared.execute(Self.generate(port: port, key: rig.t.key, images: 1), timeout: .milliseconds(1500))
            }
            #expect(try await first.value.status == .ok)
            try await Self.waitFor {
                let rows = (try? await rig.t.gateway.store.usage(accountID: rig.t.accountID, limit: 10, offset: 0)) ?? []
                return rows.count == 2
            }
            // Only the first request reached the upstream and was charged.
            #expect(await rig.fakes[0].state.calls == 1)
            #expect(try await rig.t.balance() == 100_000_000 - ChannelRig.price)
            #expect(try await rig.t.gateway.store.openHolds(olderThan: .max).isEmpty)
            let rows = try await rig.t.gateway.store.usage(accountID: rig.t.accountID, limit: 10, offset: 0)
            #expect(rows.contains { $0.status == 499 && $0.chargedMicros == 0 })
        }
        for fake in rig.fakes { await fake.stop() }
    }

    /// Polls a condition for up to 30 s; the assertions after it say what must then hold.
    static func waitFor(_ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(25))
        }
    }
}
