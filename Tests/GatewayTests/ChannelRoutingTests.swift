import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Real upstream channels against fake Ideogram servers: failover, slots, disabling, rehosting,
/// metrics — and exact money throughout.
@Suite struct ChannelRoutingTests {
    @Test func twoChannelsOneKilledUnderLoadNoCustomerRequestFails() async throws {
        let rig = try await ChannelRig.make(
            [.init(name: "alpha"), .init(name: "beta")], fakeLatency: .milliseconds(80))
        let results = Collected<(HTTPResponse.Status, Int64, Int)>()
        try await rig.run { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        let r = try await client.generateTurbo(key: rig.t.key, images: i % 3 + 1, prompt: "load-\(i)")
                        await results.add((r.status, r.chargedMicrosHeader, r.imageURLs.count))
                    }
                }
                group.addTask {
                    // A channel that starts failing with 5xx answers did no billable work, so its
                    // requests move to the other channel.
                    try await Task.sleep(for: .milliseconds(150))
                    await rig.fakes[0].set(.status(503))
                }
                try await group.waitForAll()
            }
            let metrics = try await client.metricsText()
            #expect(metrics.contains(#"ideogate_upstream_retries_total{channel="alpha",reason="unavailable"}"#), "\(metrics)")
            #expect(metrics.contains(#"ideogate_upstream_requests_total{channel="alpha",outcome="unavailable"}"#))
        }
        let all = await results.all
        #expect(all.count == 40)
        for (status, charged, delivered) in all {
            #expect(status == .ok)
            #expect(charged == Int64(delivered) * ChannelRig.price)
        }
        #expect(await rig.fakes[1].state.calls > 0)
    }

    @Test func aChannelAnswering401IsDisabledAndReceivesNothingAfterwards() async throws {
        let rig = try await ChannelRig.make([.init(name: "primary", priority: 10), .init(name: "backup", priority: 0)])
        await rig.fakes[0].set(.status(401))
        try await rig.run { client in
            let first = try await client.generateTurbo(key: rig.t.key, images: 2)
            #expect(first.status == .ok, "\(String(buffer: first.body))")
            #expect(first.chargedMicrosHeader == 2 * ChannelRig.price)
            let primary = try #require(try await rig.channel("primary"))
            #expect(primary.enabled == false)
            #expect(primary.disabledReason?.contains("401") == true)
            let callsAfterDisable = await rig.fakes[0].state.calls
            for _ in 0..<5 {
                let r = try await client.generateTurbo(key: rig.t.key, images: 1)
                #expect(r.status == .ok)
            }
            #expect(await rig.fakes[0].state.calls == callsAfterDisable)
            let metrics = try await client.metricsText()
            #expect(metrics.contains(#"ideogate_channel_disabled_total{channel="primary"} 1"#))
            #expect(metrics.contains(#"ideogate_channel_state{channel="primary"} 3"#))
        }
    }

    @Test func inflightLimitHoldsWith50CustomersAsking1To8Images() async throws {
        let rig = try await ChannelRig.make([.init(name: "only")], fakeLatency: .milliseconds(15))
        let service = AccountService(store: rig.t.gateway.store)
        var keys: [String] = []
        for i in 0..<50 {
            let account = try await service.createAccount(name: "customer-\(i)")
            _ = try await service.adjustBalance(accountID: account.id, amount: 1_000_000, kind: .credit, memo: "test")
            keys.append(try await service.createKey(accountID: account.id, label: "k").secret)
        }
        let statuses = Collected<(HTTPResponse.Status, Int64, Int)>()
        let customerKeys = keys
        try await rig.run { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (i, key) in customerKeys.enumerated() {
                    group.addTask {
                        let r = try await client.generateTurbo(key: key, images: i % 8 + 1, prompt: "c-\(i)")
                        await statuses.add((r.status, r.chargedMicrosHeader, r.imageURLs.count))
                    }
                }
                try await group.waitForAll()
            }
            let metrics = try await client.metricsText()
            #expect(metrics.contains(#"ideogate_channel_inflight_images{channel="only"} 0"#))
            #expect(metrics.contains("ideogate_queue_depth 0"))
        }
        let all = await statuses.all
        #expect(all.count == 50)
        #expect(all.allSatisfy { $0.0 == .ok })
        for (_, charged, delivered) in all { #expect(charged == Int64(delivered) * ChannelRig.price) }
        #expect(await rig.fakes[0].state.maxInflight <= 10)
        #expect(await rig.fakes[0].state.maxInflight >= 8)
    }

    @Test func anExpiredUpstreamLinkNoLongerMatters() async throws {
        let rig = try await ChannelRig.make([.init(name: "ideo")])
        try await rig.run { client in
            let r = try await client.generateTurbo(key: rig.t.key, images: 2)
            #expect(r.status == .ok)
            let urls = r.imageURLs
            #expect(urls.count == 2)
            #expect(urls.allSatisfy { !$0.contains(":\(rig.fakes[0].port)/") }, "links must be ours: \(urls)")
            await rig.fakes[0].state.expireImages()
            for url in urls {
                let components = try #require(URLComponents(string: url))
                let file = try await client.execute(uri: components.path + "?" + (components.percentEncodedQuery ?? ""), method: .get)
                #expect(file.status == .ok)
                #expect(file.headers[.contentType] == "image/png")
                #expect(file.body == FakeIdeogram.png)
            }
        }
    }

    @Test func aLinkThatCannotBeRehostedIsStillDeliveredAndCharged() async throws {
        // The channel allows no host, so the download is refused and the upstream link is kept.
        let rig = try await ChannelRig.make([.init(name: "strict", allowedHosts: ["ideogram.ai"]), ])
        try await rig.run { client in
            let r = try await client.generateTurbo(key: rig.t.key, images: 1)
            #expect(r.status == .ok)
            #expect(r.chargedMicrosHeader == ChannelRig.price)
            #expect(r.imageURLs.first?.hasPrefix(rig.fakes[0].baseURL) == true)
            let metrics = try await client.metricsText()
            #expect(metrics.contains(#"ideogate_rehost_failures_total{channel="strict",reason="hostNotAllowed"} 1"#), "\(metrics)")
        }
    }

    @Test func passthroughChannelsHandOutTheUpstreamLink() async throws {
        let rig = try await ChannelRig.make([.init(name: "pass", rehost: .passthrough)])
        try await rig.run { client in
            let r = try await client.generateTurbo(key: rig.t.key, images: 2)
            #expect(r.status == .ok)
            #expect(r.imageURLs.count == 2)
            #expect(r.imageURLs.allSatisfy { $0.hasPrefix(rig.fakes[0].baseURL + "/images/") })
        }
    }

    @Test func theCallersFaultPassesThroughWithIdeogramsMessageAndIsNotRetried() async throws {
        let rig = try await ChannelRig.make([.init(name: "a", priority: 1), .init(name: "b")])
        await rig.fakes[0].set(.status(422))
        try await rig.run { client in
            let balance = try await rig.t.balance()
            let r = try await client.generateTurbo(key: rig.t.key, images: 3)
            #expect(r.status == .unprocessableContent)
            #expect((r.json["error"] as? String)?.contains("failed safety check") == true)
            #expect(await rig.fakes[0].state.calls == 1)
            #expect(await rig.fakes[1].state.calls == 0)
            #expect(try await rig.t.balance() == balance)
            #expect(try await rig.channel("a")?.enabled == true)
        }
    }

    /// Failures that certainly cost the operator nothing (a 5xx answer, Ideogram's 429) move
    /// the request to another channel.
    @Test(arguments: [FakeIdeogram.Behaviour.status(500), .status(502), .status(503), .inflightLimit])
    func upstreamTroubleIsRetriedOnAnotherChannel(_ trouble: FakeIdeogram.Behaviour) async throws {
        let rig = try await ChannelRig.make([.init(name: "a", priority: 1), .init(name: "b")])
        await rig.fakes[0].set(trouble)
        try await rig.run { client in
            let r = try await client.generateTurbo(key: rig.t.key, images: 2)
            #expect(r.status == .ok, "\(trouble): \(String(buffer: r.body))")
            #expect(r.chargedMicrosHeader == 2 * ChannelRig.price)
            #expect(await rig.fakes[0].state.calls == 1)
            #expect(await rig.fakes[1].state.calls == 1)
            let metrics = try await client.metricsText()
            #expect(metrics.contains(#"ideogate_upstream_retries_total{channel="a""#))
            #expect(try await rig.t.gateway.store.losses(since: nil, limit: 10).isEmpty)
        }
    }

    /// A request that was sent and then lost (reset, cut short, no answer in time) may have been
    /// billed upstream: it is not retried (that could bill twice), the customer is not charged,
    /// and the images are recorded as the operator's loss.
    @Test(arguments: [FakeIdeogram.Behaviour.reset, .truncated, .hang])
    func anUncertainFailureIsNotRetriedAndIsRecordedAsLoss(_ trouble: FakeIdeogram.Behaviour) async throws {
        let rig = try await ChannelRig.make([.init(name: "a", priority: 1, totalTimeoutMillis: 600), .init(name: "b")])
        await rig.fakes[0].set(trouble)
        try await rig.run { client in
            let r = try await client.generateTurbo(key: rig.t.key, images: 2)
            #expect(r.status == .badGateway || r.status == .gatewayTimeout, "\(trouble): \(String(buffer: r.body))")
            #expect(await rig.fakes[0].state.calls == 1)
            #expect(await rig.fakes[1].state.calls == 0)
            #expect(try await rig.t.balance() == 100_000_000)
            let losses = try await rig.t.gateway.store.losses(since: nil, limit: 10)
            #expect(losses.count == 1)
            #expect(losses.first?.images == 2 && losses.first?.reason == .uncertainUpstream && losses.first?.channel == "a")
        }
    }

    @Test func aRefusedConnectionIsRetriedOnAnotherChannel() async throws {
        let rig = try await ChannelRig.make([.init(name: "gone", priority: 1), .init(name: "b")])
        await rig.fakes[0].stop()
        try await rig.run { client in
            let r = try await client.generateTurbo(key: rig.t.key, images: 1)
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            #expect(await rig.fakes[1].state.calls == 1)
            #expect(try await rig.t.gateway.store.losses(since: nil, limit: 10).isEmpty)
        }
    }

    @Test func upstream402DisablesTheChannel() async throws {
        let rig = try await ChannelRig.make([.init(name: "broke", priority: 1), .init(name: "rich")])
        await rig.fakes[0].set(.status(402))
        try await rig.run { client in
            #expect(try await client.generateTurbo(key: rig.t.key, images: 1).status == .ok)
            let broke = try await rig.channel("broke")
            #expect(broke?.enabled == false)
            #expect(broke?.disabledReason?.contains("insufficient_funds") == true)
        }
    }

    @Test func withheldImagesAreNotCharged() async throws {
        let rig = try await ChannelRig.make([.init(name: "ideo")])
        await rig.fakes[0].set(.unsafe(2))
        try await rig.run { client in
            let r = try await client.generateTurbo(key: rig.t.key, images: 3)
            #expect(r.status == .ok)
            let data = try #require(r.json["data"] as? [[String: Any]])
            #expect(data.filter { $0["is_image_safe"] as? Bool == false }.count == 2)
            #expect(data.filter { $0["url"] is NSNull }.count == 2)
            #expect(r.chargedMicrosHeader == ChannelRig.price)
            // Ideogram billed the two withheld images; nobody paid for them.
            let losses = try await rig.t.gateway.store.losses(since: nil, limit: 10)
            #expect(losses.map(\.images) == [2] && losses.first?.reason == .withheldBySafety)
        }
    }

    @Test func aFullQueueAnswers429WithRetryAfter() async throws {
        let rig = try await ChannelRig.make([.init(name: "tiny", maxInflight: 1)], fakeLatency: .milliseconds(300)) { config in
            config.routing.maxQueuedRequests = 1
        }
        let results = Collected<TestResponse>()
        try await rig.run { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<4 {
                    group.addTask { await results.add(try await client.generateTurbo(key: rig.t.key, images: 1, prompt: "q-\(i)")) }
                }
                try await group.waitForAll()
            }
            let metrics = try await client.metricsText()
            #expect(metrics.contains(#"ideogate_queue_rejections_total{reason="full"}"#))
        }
        let all = await results.all
        let refused = all.filter { $0.status == .tooManyRequests }
        #expect(all.filter { $0.status == .ok }.count >= 2, "\(all.map { ($0.status.code, $0.errorCode ?? "") })")
        #expect(!refused.isEmpty)
        for r in refused {
            #expect(r.errorCode == "queue_full")
            #expect(r.headers[.retryAfter] != nil)
        }
    }

    @Test func testKeysAlwaysUseTheSandbox() async throws {
        let rig = try await ChannelRig.make([.init(name: "real")])
        let key = try await AccountService(store: rig.t.gateway.store).createKey(accountID: rig.t.accountID, label: "t", test: true)
        try await rig.run { client in
            let r = try await client.generateTurbo(key: key.secret, images: 1)
            #expect(r.status == .ok)
            #expect(r.chargedMicrosHeader == 0)
            #expect(await rig.fakes[0].state.calls == 0)
        }
    }

    @Test func metricsShowTheLedgerAndRequests() async throws {
        let rig = try await ChannelRig.make([.init(name: "m")])
        try await rig.run { client in
            #expect(try await client.generateTurbo(key: rig.t.key, images: 1).status == .ok)
            await rig.fakes[0].set(.status(422))
            #expect(try await client.generateTurbo(key: rig.t.key, images: 1).status == .unprocessableContent)
            let metrics = try await client.metricsText()
            for needle in [
                #"ideogate_ledger_events_total{event="hold"} 2"#,
                #"ideogate_ledger_events_total{event="settlement"} 1"#,
                #"ideogate_ledger_events_total{event="release"} 1"#,
                #"ideogate_http_requests_total{route="/ideogram/v1/ideogram-v3/generate",method="POST",status="200"} 1"#,
                "ideogate_http_request_duration_seconds_bucket",
                #"ideogate_upstream_duration_seconds_count{channel="m"} 2"#,
                #"ideogate_channel_state{channel="m"} 0"#,
                #"ideogate_images_stored_total{channel="m"} 1"#,
            ] {
                #expect(metrics.contains(needle), "missing \(needle) in\n\(metrics)")
            }
        }
    }
}
