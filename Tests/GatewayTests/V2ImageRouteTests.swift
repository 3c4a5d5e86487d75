import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ImageCodec
import NIOCore
import Testing

/// The /v2 model-addressed image routes end to end on the sandbox: decoded, validated before any
/// hold, priced by quality and output tier, rendered, charged, answered in Ideogram's /v2 shape.
@Suite struct V2ImageRouteTests {
    static let generate45 = "/ideogram/v2/image/generate/ideogram-4-5"
    static let preciseEdit45 = "/v2/image/precise-edit/ideogram-4-5"
    static let charged = HTTPField.Name("X-Ideogate-Charged-Micros")!

    /// Checks a synchronous /v2 answer and downloads every image; returns the rasters.
    static func expectV2Images(
        _ r: TestResponse, count: Int, resolution: String, kind: Bool = true, client: some TestClientProtocol,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [Raster] {
        #expect(r.status == .ok, "\(String(buffer: r.body))", sourceLocation: sourceLocation)
        let json = r.json
        #expect((json["generation_id"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(json["seed"] is Int, sourceLocation: sourceLocation)
        #expect((json["generation_kind"] as? String) == (kind ? "sampling" : nil), sourceLocation: sourceLocation)
        #expect(json["created"] == nil, sourceLocation: sourceLocation)
        let data = try #require(json["data"] as? [[String: Any]], sourceLocation: sourceLocation)
        #expect(data.count == count, sourceLocation: sourceLocation)
        var rasters: [Raster] = []
        for item in data {
            #expect(item["resolution"] as? String == resolution, sourceLocation: sourceLocation)
            #expect(item["is_image_safe"] as? Bool == true, sourceLocation: sourceLocation)
            #expect(item["seed"] is Int && item["prompt"] is String, sourceLocation: sourceLocation)
            #expect(Set(item.keys) == ["url", "prompt", "resolution", "is_image_safe", "seed"], sourceLocation: sourceLocation)
            let url = try #require(item["url"] as? String, sourceLocation: sourceLocation)
            let components = try #require(URLComponents(string: url), sourceLocation: sourceLocation)
            let file = try await client.execute(uri: components.path + "?" + (components.percentEncodedQuery ?? ""), method: .get)
            #expect(file.status == .ok && file.headers[.contentType] == "image/png", sourceLocation: sourceLocation)
            let raster = try PNG.decode(file.body)
            #expect("\(raster.width)x\(raster.height)" == resolution, sourceLocation: sourceLocation)
            rasters.append(raster)
        }
        return rasters
    }

    @Test func generate45WithSourceImageAndMaskIsChargedAtTheListedPrice() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("prompt", "paint the corner gold"), ("seed", "41")])
            form.addFile("images", bytes: Fixtures.png(width: 512, height: 384))
            form.addFile("images", bytes: Fixtures.png(width: 64, height: 64, left: .white, right: .black))
            form.addFile("mask", bytes: Fixtures.mask(width: 512, height: 384))
            let r = try await client.postForm(Self.generate45, key: t.key, form: form)
            // With a mask the output is the first image's own size; 512×384 ≤ 1024² bills as 1K,
            // and quality defaults to medium with sources: MEDIUM_1K, $0.06.
            let rasters = try await Self.expectV2Images(r, count: 1, resolution: "512x384", client: client)
            #expect(r.json["seed"] as? Int == 41)
            #expect(r.headers[Self.charged] == "60000")
            // The unmasked part (bottom-right) keeps the source's pixels.
            let source = try PNG.decode(Fixtures.png(width: 512, height: 384))
            #expect(rasters[0].pixel(x: 500, y: 380) == source.pixel(x: 500, y: 380))
        }
        #expect(try await t.balance() == 10_000_000 - 60_000)
        // Logged like any other request, with the variant it was priced at.
        let row = try #require(try await t.gateway.store.usage(accountID: t.accountID, limit: 1, offset: 0).first)
        #expect(row.operation == "v2.generate.ideogram-4-5" && row.variant == "MEDIUM_1K")
        #expect(row.chargedMicros == 60_000 && row.imagesDelivered == 1 && row.status == 200)
    }

    @Test func generate45PricesByQualityAndOutputTier() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            // 1024×1024 is the largest 1K output: LOW_1K $0.03 each, two images.
            let low = try await client.postJSON(Self.generate45, key: t.key, json: #"{"prompt":"a kite","size":"1024x1024","quality":"low","num_images":2}"#)
            let images = try await Self.expectV2Images(low, count: 2, resolution: "1024x1024", client: client)
            #expect(images[0].pixels != images[1].pixels, "each image gets its own seed")
            #expect(low.headers[Self.charged] == "60000")
            // 1536×1024 is above 1K; without sources quality defaults to high: HIGH_2K $0.15.
            let high = try await client.postJSON("/v2/image/generate/ideogram-4-5", key: t.key, json: #"{"prompt":"a kite","size":"1536x1024"}"#)
            _ = try await Self.expectV2Images(high, count: 1, resolution: "1536x1024", client: client)
            #expect(high.headers[Self.charged] == "150000")
            // auto bills as 2K whatever it renders: MEDIUM_2K $0.09.
            let auto = try await client.postJSON(Self.generate45, key: t.key, json: #"{"prompt":"a kite","quality":"medium"}"#)
            #expect(auto.status == .ok && auto.headers[Self.charged] == "90000")
        }
        #expect(try await t.balance() == 10_000_000 - 60_000 - 150_000 - 90_000)
    }

    @Test func generate45SizeAndQualityRulesAreRefusedFreeOfCharge() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let refusedJSON: [(String, String)] = [
                (#"{"prompt":"x","quality":"very_low"}"#, "invalid_value"),  // very_low needs sources
                (#"{"prompt":"x","quality":"ultra"}"#, "invalid_enum"),
                (#"{"prompt":"x","size":"1000x1000"}"#, "invalid_value"),  // not multiples of 32
                (#"{"prompt":"x","size":"224x1024"}"#, "invalid_value"),  // a side below 256
                (#"{"prompt":"x","size":"3072x2048"}"#, "invalid_value"),  // above 2048² pixels
                (#"{"prompt":"x","size":"256x1792"}"#, "invalid_value"),  // 7:1
                (#"{"prompt":"x","size":"source"}"#, "invalid_value"),  // no source to follow
                (#"{"prompt":"x","size":"big"}"#, "invalid_value"),
                (#"{"prompt":""}"#, "missing_field"),
                (#"{"prompt":"x","magic_prompt":"sometimes"}"#, "invalid_enum"),
            ]
            for (json, code) in refusedJSON {
                let r = try await client.postJSON(Self.generate45, key: t.key, json: json)
                #expect(r.status == .badRequest && r.errorCode == code, "\(json): \(String(buffer: r.body))")
            }
            // A source beyond 6:1, a mask with a size, a mask without images, six sources.
            var elongated = MultipartForm([("prompt", "x")])
            elongated.addFile("images", bytes: Fixtures.png(width: 448, height: 64))
            var masked = MultipartForm([("prompt", "x"), ("size", "1024x1024")])
            masked.addFile("images", bytes: Fixtures.png())
            masked.addFile("mask", bytes: Fixtures.mask())
            var maskOnly = MultipartForm([("prompt", "x")])
            maskOnly.addFile("mask", bytes: Fixtures.mask())
            var six = MultipartForm([("prompt", "x")])
            for _ in 0..<6 { six.addFile("images", bytes: Fixtures.png()) }
            for (form, code) in [(elongated, "invalid_value"), (masked, "conflicting_fields"), (maskOnly, "invalid_value"), (six, "invalid_value")] {
                let r = try await client.postForm(Self.generate45, key: t.key, form: form)
                #expect(r.status == .badRequest && r.errorCode == code, "\(String(buffer: r.body))")
            }
        }
        #expect(try await t.balance() == 10_000_000)
        #expect(try await t.gateway.store.audit(horizon: .max).isEmpty)
    }

    @Test func preciseEditKeepsTheSourceWidthAndHeight() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("prompt", "a red hat"), ("context_window", "auto")])
            form.addFile("image", bytes: Fixtures.png(width: 600, height: 400))
            form.addFile("reference_images", bytes: Fixtures.png(width: 64, height: 64))
            form.addFile("mask", bytes: Fixtures.mask(width: 600, height: 400))
            let r = try await client.postForm(Self.preciseEdit45, key: t.key, form: form)
            // 600×400 is not a size any generator offers; the edit keeps it exactly. MEDIUM_1K.
            _ = try await Self.expectV2Images(r, count: 1, resolution: "600x400", client: client)
            #expect(r.headers[Self.charged] == "60000")

            var region = MultipartForm([("prompt", "sharper"), ("context_window", "0,0,400,512"), ("quality", "high")])
            region.addFile("image", bytes: Fixtures.png(width: 1200, height: 900))
            let large = try await client.postForm(Self.preciseEdit45, key: t.key, form: region)
            // 1200×900 is above 1024²: HIGH_2K, $0.15.
            _ = try await Self.expectV2Images(large, count: 1, resolution: "1200x900", client: client)
            #expect(large.headers[Self.charged] == "150000")

            for window in ["auto", "0,0,100,100", "0,0,900,700", "0,0,256,1792", "top"] {
                var bad = MultipartForm([("prompt", "x"), ("context_window", window)])
                bad.addFile("image", bytes: Fixtures.png(width: 600, height: 400))
                let refused = try await client.postForm(Self.preciseEdit45, key: t.key, form: bad)
                #expect(refused.status == .badRequest && refused.errorCode == "invalid_value", "\(window): \(String(buffer: refused.body))")
            }
            let noImage = try await client.postForm(Self.preciseEdit45, key: t.key, form: MultipartForm([("prompt", "x")]))
            #expect(noImage.status == .badRequest && noImage.errorCode == "missing_field")
        }
        #expect(try await t.balance() == 10_000_000 - 60_000 - 150_000)
    }

    @Test func ideogram4AndIdeogram3OnV2() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let v4 = try await client.postJSON(
                "/ideogram/v2/image/generate/ideogram-4", key: t.key, json: #"{"prompt":"an owl","rendering_speed":"turbo","resolution":"1536x512"}"#)
            _ = try await Self.expectV2Images(v4, count: 1, resolution: "1536x512", kind: false, client: client)
            #expect(v4.headers[Self.charged] == "30000")
            let badResolution = try await client.postJSON(
                "/ideogram/v2/image/generate/ideogram-4", key: t.key, json: #"{"prompt":"an owl","resolution":"512x512"}"#)
            #expect(badResolution.status == .badRequest && badResolution.errorCode == "invalid_enum")

            let v3 = try await client.postForm(
                "/v2/image/generate/ideogram-3", key: t.key,
                form: MultipartForm([("prompt", "a fox"), ("aspect_ratio", "16x9"), ("rendering_speed", "quality"), ("num_images", "2")]))
            _ = try await Self.expectV2Images(v3, count: 2, resolution: "1312x736", kind: false, client: client)
            #expect(v3.headers[Self.charged] == "180000")
        }
        #expect(try await t.balance() == 10_000_000 - 30_000 - 180_000)
    }

    @Test func ideogram3RemixAndInpaintOnV2() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var remix = MultipartForm([("prompt", "at night"), ("image_weight", "70"), ("rendering_speed", "turbo")])
            remix.addFile("image", bytes: Fixtures.png(width: 640, height: 480))
            let remixed = try await client.postForm("/ideogram/v2/image/remix/ideogram-3", key: t.key, form: remix)
            // No shape given: the V3 size nearest the source's. TURBO $0.03.
            _ = try await Self.expectV2Images(remixed, count: 1, resolution: "1152x864", kind: false, client: client)
            #expect(remixed.headers[Self.charged] == "30000")

            var inpaint = MultipartForm([("prompt", "a red door")])
            inpaint.addFile("image", bytes: Fixtures.png(width: 1024, height: 1024))
            inpaint.addFile("mask", bytes: Fixtures.mask(width: 1024, height: 1024))
            let inpainted = try await client.postForm("/v2/image/inpaint/ideogram-3", key: t.key, form: inpaint)
            _ = try await Self.expectV2Images(inpainted, count: 1, resolution: "1024x1024", kind: false, client: client)
            #expect(inpainted.json["width"] as? Int == 1024 && inpainted.json["height"] as? Int == 1024)
            #expect(inpainted.headers[Self.charged] == "60000")

            var noMask = MultipartForm([("prompt", "a red door")])
            noMask.addFile("image", bytes: Fixtures.png())
            let refused = try await client.postForm("/v2/image/inpaint/ideogram-3", key: t.key, form: noMask)
            #expect(refused.status == .badRequest && refused.errorCode == "missing_field")
        }
        #expect(try await t.balance() == 10_000_000 - 30_000 - 60_000)
    }

    @Test func describeOnV2() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm()
            form.addFile("image", bytes: Fixtures.png(width: 128, height: 96))
            let r = try await client.postForm("/v2/image/describe/ideogram-3", key: t.key, form: form)
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            #expect((r.json["created"] as? String)?.hasSuffix("+00:00") == true)
            #expect((r.json["description_id"] as? String)?.isEmpty == false)
            let descriptions = try #require(r.json["descriptions"] as? [[String: Any]])
            #expect(descriptions.count == 1 && (descriptions[0]["text"] as? String)?.isEmpty == false)
            #expect(r.headers[Self.charged] == "10000")
            let noImage = try await client.postJSON("/v2/image/describe/ideogram-3", key: t.key, json: "{}")
            #expect(noImage.status == .badRequest && noImage.errorCode == "missing_field")
        }
        #expect(try await t.balance() == 10_000_000 - 10_000)
    }

    @Test func insufficientFundsAnswersGenerationErrorResponse() async throws {
        let t = try await TestGateway.make(credit: 10_000)
        try await t.test { client in
            let r = try await client.postJSON(Self.generate45, key: t.key, json: #"{"prompt":"x","size":"1024x1024","quality":"low"}"#)
            #expect(r.status == .paymentRequired402)
            #expect(r.json["reject_reason"] as? String == "insufficient_funds")
            #expect((r.json["error"] as? String)?.contains("$0.03") == true)
            #expect(r.json["max_inflight_requests"] == nil && r.json["task_completion_speed"] == nil)
            // The seed's routes keep the gateway's own 402 body.
            let v3 = try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: t.key, json: #"{"prompt":"x"}"#)
            #expect(v3.status == .paymentRequired402 && v3.errorCode == "insufficient_balance" && v3.json["reject_reason"] == nil)
        }
        #expect(try await t.balance() == 10_000)
    }

    @Test func aKeysDailyLimitIsDailyLimit() async throws {
        let t = try await TestGateway.make()
        let service = AccountService(store: t.gateway.store)
        var scope = KeyScope()
        scope.dailySpendLimitMicros = 20_000
        let key = try await service.createKey(accountID: t.accountID, label: "capped", scope: scope)
        try await t.test { client in
            let r = try await client.postJSON(Self.generate45, key: key.secret, json: #"{"prompt":"x","size":"1024x1024","quality":"low"}"#)
            #expect(r.status == .paymentRequired402 && r.json["reject_reason"] as? String == "daily_limit", "\(String(buffer: r.body))")
        }
    }

    @Test func aRateLimitIsInflightLimit() async throws {
        let t = try await TestGateway.make { $0.testKeyRequestsPerMinute = 1 }
        let testKey = try await AccountService(store: t.gateway.store).createKey(accountID: t.accountID, label: "sandbox", test: true)
        try await t.test { client in
            let body = #"{"prompt":"x","size":"1024x1024","quality":"low"}"#
            let first = try await client.postJSON(Self.generate45, key: testKey.secret, json: body)
            #expect(first.status == .ok)
            let second = try await client.postJSON(Self.generate45, key: testKey.secret, json: body)
            #expect(second.status == .tooManyRequests, "\(String(buffer: second.body))")
            #expect(second.json["reject_reason"] as? String == "inflight_limit")
            #expect((second.json["max_inflight_requests"] as? Int ?? 0) >= 1)
            #expect(second.json["task_completion_speed"] as? String == "fast")
            #expect(second.headers[.retryAfter] != nil)
        }
        #expect(try await t.balance() == 10_000_000)
    }
}
