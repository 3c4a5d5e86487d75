import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The ledger under load: no overdraft, no charge without images, every hold settled.
@Suite struct MoneyTests {
    /// 200 concurrent requests for 1–4 images against a balance that covers exactly 100 images.
    /// Some requests come back with withheld images and some fail upstream.
    @Test func concurrentRequestsNeverOverdrawAndChargeOnlyDeliveredImages() async throws {
        let price: Int64 = 30_000  // V3 TURBO
        let coveredImages: Int64 = 100
        let upstream = ScriptedUpstream { request in
            // Deterministic mix, keyed on the prompt: every 7th fails, every 5th loses one image.
            let n = Int(request.prompt?.split(separator: "-").last ?? "0") ?? 0
            if n % 7 == 0 { return .fail(.unavailable("boom")) }
            return .deliver(unsafe: n % 5 == 0 ? 1 : 0)
        }
        let t = try await TestGateway.make(credit: price * coveredImages, upstream: upstream)
        let results = Results()
        try await t.test { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 1...200 {
                    group.addTask {
                        let images = i % 4 + 1
                        let r = try await client.postJSON(
                            "/ideogram/v1/ideogram-v3/generate", key: t.key,
                            json: #"{"prompt":"req-\#(i)","rendering_speed":"TURBO","num_images":\#(images)}"#)
                        let charged = Int64(r.headers[HTTPField.Name("X-Ideogate-Charged-Micros")!] ?? "0") ?? -1
                        let delivered = (r.json["data"] as? [[String: Any]])?.filter { $0["url"] is String }.count ?? 0
                        await results.add((images, r.status, charged, delivered))
                    }
                }
                try await group.waitForAll()
            }
        }
        let all = await results.all
        let ok = all.filter { $0.1 == .ok }
        let refused = all.filter { $0.1 == .paymentRequired402 }
        let failed = all.filter { $0.1 == .badGateway }
        #expect(ok.count + refused.count + failed.count == 200)
        #expect(!ok.isEmpty && !refused.isEmpty)
        for r in ok { #expect(r.2 == Int64(r.3) * price, "charge must equal delivered images × price") }
        let delivered = ok.map(\.3).reduce(0, +)
        let balance = try await t.balance()
        #expect(balance >= 0)
        #expect(balance == price * coveredImages - Int64(delivered) * price)

        let usage = try await t.gateway.store.usage(accountID: t.accountID, limit: 1000, offset: 0)
        #expect(usage.count == 200)
        #expect(usage.filter { $0.imagesDelivered == 0 }.allSatisfy { $0.chargedMicros == 0 })
        #expect(usage.map(\.chargedMicros).reduce(0, +) == Int64(delivered) * price)
        let findings = try await t.gateway.store.audit(horizon: Int64(Date().timeIntervalSince1970 * 1000) + 1)
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func aSettlementIsAppliedOnce() async throws {
        let t = try await TestGateway.make(credit: 1_000_000)
        let store = t.gateway.store
        #expect(try await store.hold(HoldRequest(requestID: "r1", accountID: t.accountID, amount: 300_000, at: 1)) == .held(balanceAfter: 700_000))
        #expect(try await store.hold(HoldRequest(requestID: "r1", accountID: t.accountID, amount: 300_000, at: 2)) == .duplicate)
        // Ten settlements race; exactly one applies.
        let outcomes = try await withThrowingTaskGroup(of: SettleOutcome.self) { group in
            for _ in 0..<10 { group.addTask { try await store.settle(requestID: "r1", charge: 100_000, at: 3) } }
            var all: [SettleOutcome] = []
            for try await o in group { all.append(o) }
            return all
        }
        #expect(outcomes.filter { $0 == .settled(chargedMicros: 100_000) }.count == 1)
        #expect(outcomes.filter { $0 == .alreadySettled }.count == 9)
        #expect(try await t.balance() == 900_000)
        #expect(try await store.settle(requestID: "never-held", charge: 5, at: 4) == .noHold)
        #expect(try await store.audit(horizon: .max).isEmpty)
    }

    @Test func aSettlementNeverKeepsMoreThanTheHold() async throws {
        let t = try await TestGateway.make(credit: 1_000_000)
        let store = t.gateway.store
        _ = try await store.hold(HoldRequest(requestID: "r2", accountID: t.accountID, amount: 100_000, at: 1))
        #expect(try await store.settle(requestID: "r2", charge: 999_999, at: 2) == .settled(chargedMicros: 100_000))
        #expect(try await t.balance() == 900_000)
    }

    @Test func upstreamFailureReleasesTheHoldInFull() async throws {
        let t = try await TestGateway.make(upstream: ScriptedUpstream { _ in .fail(.timeout) })
        try await t.test { client in
            let r = try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: t.key, json: #"{"prompt":"x","num_images":4}"#)
            #expect(r.status == .gatewayTimeout)
            #expect(r.errorCode == "upstream_timeout")
        }
        #expect(try await t.balance() == 10_000_000)
        let row = try #require(try await t.gateway.store.usage(accountID: t.accountID, limit: 1, offset: 0).first)
        #expect(row.status == 504 && row.chargedMicros == 0 && row.errorCode == "upstream_timeout")
    }

    @Test func withheldImagesAreNotCharged() async throws {
        let t = try await TestGateway.make(upstream: ScriptedUpstream { _ in .deliver(unsafe: 1) })
        try await t.test { client in
            let r = try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: t.key, json: #"{"prompt":"x","num_images":3,"rendering_speed":"QUALITY"}"#)
            #expect(r.status == .ok)
            let data = try #require(r.json["data"] as? [[String: Any]])
            #expect(data.count == 3)
            #expect(data[0]["is_image_safe"] as? Bool == false && data[0]["url"] is NSNull)
            #expect(r.headers[HTTPField.Name("X-Ideogate-Charged-Micros")!] == "180000")
        }
        #expect(try await t.balance() == 10_000_000 - 180_000)
    }

    @Test func dryRunHoldsAndChargesNothing() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let r = try await client.postJSON("/ideogram/generate?dry_run=true", key: t.key, json: #"{"image_request":{"prompt":"x","model":"V_2A_TURBO","num_images":4}}"#)
            #expect(r.status == .ok)
            #expect(r.json["total_micros"] as? Int == 100_000)
            #expect(r.json["unit_price"] as? String == "$0.025")
        }
        #expect(try await t.balance() == 10_000_000)
    }
}

/// Collects results from concurrent requests.
actor Results {
    var all: [(Int, HTTPResponse.Status, Int64, Int)] = []
    func add(_ r: (Int, HTTPResponse.Status, Int64, Int)) { all.append(r) }
}
