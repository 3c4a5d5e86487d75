import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A price change reaches the next request, never one already holding money.
@Suite struct PriceChangeTests {
    @Test func aPriceChangeAppliesToNewRequestsOnly() async throws {
        let gate = Gate()
        let t = try await TestGateway.make(upstream: GatedUpstream(gate: gate))
        let token = try await t.installAdminToken()
        let store = t.gateway.store
        try await t.test { client in
            // A: two DEFAULT images at $0.06, held at the upstream.
            async let slow = client.generate(key: t.key, images: 2, prompt: "slow")
            var open: [OpenHold] = []
            for _ in 0..<200 where open.isEmpty {
                open = try await store.openHolds(olderThan: .max)
                if open.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(open.map(\.amountMicros) == [120_000])

            // The price rises while A is in flight; B is quoted at the new price.
            let set = try await client.admin(.put, "/admin/v1/prices/v3.generate/DEFAULT", token: token, json: #"{"micros":100000}"#)
            #expect(set.status == .ok)
            let fast = try await client.generate(key: t.key, images: 1, prompt: "fast")
            #expect(fast.charged == 100_000)

            await gate.open()
            let a = try await slow
            #expect(a.status == .ok)
            #expect(a.charged == 120_000, "the request in flight settles at its original quote")
        }
        let rows = try await store.usage(accountID: t.accountID, limit: 10, offset: 0)
        #expect(Set(rows.map(\.unitPriceMicros)) == [60_000, 100_000])
        #expect(try await t.balance() == 10_000_000 - 220_000)
        #expect(try await t.auditFindings().isEmpty)
    }
}
