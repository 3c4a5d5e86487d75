import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `?dry_run=true` answers Ideogram's `PriceQuote` on every image route, at the operator's prices
/// and the caller's tier, and holds nothing.
@Suite struct PriceQuoteTests {
    static func expectQuote(
        _ r: TestResponse, billing: String, quantity: Int, usdMicros: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(r.status == .ok, "\(String(buffer: r.body))", sourceLocation: sourceLocation)
        let q = r.json
        #expect(q["object"] as? String == "price_quote", sourceLocation: sourceLocation)
        #expect(q["billing_identifier"] as? String == billing, sourceLocation: sourceLocation)
        #expect(q["quantity"] as? Int == quantity, sourceLocation: sourceLocation)
        #expect(q["usd_micros"] as? Int == usdMicros, sourceLocation: sourceLocation)
        // One credit per US dollar by default: thousandths of a credit are micros ÷ 1000.
        #expect(q["credit_millis"] as? Int == usdMicros / 1000, sourceLocation: sourceLocation)
        #expect(q["qualifier"] as? String == "exact", sourceLocation: sourceLocation)
        #expect(q["upper_bound_usd_micros"] == nil, "exact quotes carry no upper bound", sourceLocation: sourceLocation)
        #expect(q["data"] == nil && q["generation_id"] == nil, sourceLocation: sourceLocation)
    }

    @Test func seedRoutesQuoteInIdeogramsShape() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let v3 = try await client.postJSON(
                "/ideogram/v1/ideogram-v3/generate?dry_run=true", key: t.key, json: #"{"prompt":"x","num_images":2,"rendering_speed":"QUALITY"}"#)
            Self.expectQuote(v3, billing: "ideogram_v3_generation", quantity: 2, usdMicros: 180_000)
            // The gateway's earlier fields are still there for the clients that read them.
            #expect(v3.json["total_micros"] as? Int == 180_000 && v3.json["dry_run"] as? Bool == true)
            let legacy = try await client.postJSON(
                "/ideogram/generate?dry_run=true", key: t.key, json: #"{"image_request":{"prompt":"x","model":"V_2A_TURBO","num_images":4}}"#)
            Self.expectQuote(legacy, billing: "ideogram_legacy_generation", quantity: 4, usdMicros: 100_000)
        }
        #expect(try await t.balance() == 10_000_000)
        #expect(try await t.gateway.store.audit(horizon: .max).isEmpty)
    }

    @Test func v2RoutesQuoteAtTheCallersTier() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            // No size and no sources: auto bills as 2K, quality high: $0.15.
            let auto = try await client.postJSON("/v2/image/generate/ideogram-4-5?dry_run=true", key: t.key, json: #"{"prompt":"x"}"#)
            Self.expectQuote(auto, billing: "ideogram_v4_5_generation", quantity: 1, usdMicros: 150_000)
            var form = MultipartForm([("prompt", "x"), ("num_images", "3")])
            form.addFile("image", bytes: Fixtures.png(width: 256, height: 256))
            let edit = try await client.postForm("/ideogram/v2/image/precise-edit/ideogram-4-5?dry_run=true", key: t.key, form: form)
            Self.expectQuote(edit, billing: "ideogram_v4_5_precise_edit", quantity: 3, usdMicros: 180_000)
            // Invalid requests are refused, not quoted.
            let invalid = try await client.postJSON("/v2/image/generate/ideogram-4-5?dry_run=true", key: t.key, json: #"{"prompt":"x","size":"1x1"}"#)
            #expect(invalid.status == .badRequest)
        }
        // A 1.5× tier: $0.15 × 1.5.
        _ = try await PriceBook(store: t.gateway.store).setTier(name: "premium", multiplierPPM: 1_500_000)
        _ = try await AccountService(store: t.gateway.store).updateAccount(id: t.accountID, tier: "premium")
        try await t.test { client in
            let auto = try await client.postJSON("/v2/image/generate/ideogram-4-5?dry_run=true", key: t.key, json: #"{"prompt":"x"}"#)
            Self.expectQuote(auto, billing: "ideogram_v4_5_generation", quantity: 1, usdMicros: 225_000)
        }
        #expect(try await t.balance() == 10_000_000)
        #expect(try await t.gateway.store.audit(horizon: .max).isEmpty)
    }

    @Test func creditMillisFollowTheOperatorsCreditRate() async throws {
        let t = try await TestGateway.make { $0.creditsPerUSD = 100 }
        try await t.test { client in
            let r = try await client.postJSON(
                "/v2/image/generate/ideogram-4?dry_run=true", key: t.key, json: #"{"prompt":"x","rendering_speed":"default","num_images":2}"#)
            #expect(r.json["usd_micros"] as? Int == 120_000)
            // 100 credits per dollar: $0.12 is 12 credits, 12000 thousandths.
            #expect(r.json["credit_millis"] as? Int == 12_000)
            #expect(r.json["billing_identifier"] as? String == "ideogram_v4_generation")
        }
    }
}
