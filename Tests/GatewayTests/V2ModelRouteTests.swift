import Foundation
import Gateway
import GatewaySQLite
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ImageCodec
import NIOCore
import Testing

/// The ideogram-4 remix and describe and the two transparent generations on /v2, end to end on
/// the sandbox: validated before any hold, priced, rendered, delivered, charged, logged, answered
/// in the spec's shape, async on request.
@Suite struct V2ModelRouteTests {
    static let charged = HTTPField.Name("X-Ideogate-Charged-Micros")!

    static func lastRow(_ t: TestGateway) async throws -> UsageRecordView {
        let row = try #require(try await t.gateway.store.usage(accountID: t.accountID, limit: 1, offset: 0).first)
        return UsageRecordView(operation: row.operation, variant: row.variant ?? "", charged: row.chargedMicros, delivered: row.imagesDelivered, status: row.status)
    }

    struct UsageRecordView: Equatable {
        var operation: String, variant: String, charged: Int64, delivered: Int, status: Int
    }

    // MARK: /v2/image/remix/ideogram-4

    @Test func remix4KeepsTheSourceShapeAndIsPricedBySpeed() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("prompt", "as a watercolour"), ("num_images", "2"), ("rendering_speed", "turbo"), ("image_weight", "80")])
            form.addFile("image", bytes: Fixtures.png(width: 300, height: 200))
            let r = try await client.postForm("/ideogram/v2/image/remix/ideogram-4", key: t.key, form: form)
            // 3:2 kept at Ideogram 4's 1K size of that shape; `RemixImageIdeogramV4Response`.
            let rasters = try await V2ImageRouteTests.expectV2Images(r, count: 2, resolution: "1248x832", kind: false, client: client)
            #expect(rasters[0].pixels != rasters[1].pixels, "each image gets its own seed")
            // No seed was sent (none is accepted); the answer reports the one used.
            let seed = try #require(r.json["seed"] as? Int)
            let data = try #require(r.json["data"] as? [[String: Any]])
            #expect(data[0]["seed"] as? Int == seed)
            // Ideogram 4 Turbo: $0.03 per image.
            #expect(r.headers[Self.charged] == "60000")
        }
        #expect(try await t.balance() == 10_000_000 - 60_000)
        #expect(try await Self.lastRow(t) == UsageRecordView(operation: "v2.remix.ideogram-4", variant: "TURBO", charged: 60_000, delivered: 2, status: 200))
    }

    @Test func remix4NamedResolutionAndQualitySpeed() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("prompt", "tall"), ("resolution", "720x1280"), ("rendering_speed", "quality")])
            form.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
            let r = try await client.postForm("/v2/image/remix/ideogram-4", key: t.key, form: form)
            _ = try await V2ImageRouteTests.expectV2Images(r, count: 1, resolution: "720x1280", kind: false, client: client)
            #expect(r.headers[Self.charged] == "100000")
        }
        #expect(try await t.balance() == 10_000_000 - 100_000)
    }

    // MARK: /v2/image/describe/ideogram-4

    @Test func describe4AnswersAJSONPrompt() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("include_tags", "true"), ("include_style_descriptions", "true"), ("include_bbox", "false")])
            form.addFile("image", bytes: Fixtures.png(width: 128, height: 96))
            let r = try await client.postForm("/ideogram/v2/image/describe/ideogram-4", key: t.key, form: form)
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            // `DescribeImageIdeogramV4Response`: exactly {created, description_id, json_prompt}.
            #expect(Set(r.json.keys) == ["created", "description_id", "json_prompt"])
            #expect((r.json["created"] as? String)?.hasSuffix("+00:00") == true)
            #expect((r.json["description_id"] as? String)?.isEmpty == false)
            let prompt = try #require(r.json["json_prompt"] as? [String: Any])
            #expect((prompt["high_level_description"] as? String)?.isEmpty == false)
            #expect(prompt["tags"] is [String] && prompt["style_description"] is [String: Any])
            let elements = try #require((prompt["compositional_deconstruction"] as? [String: Any])?["elements"] as? [[String: Any]])
            #expect(elements.first?["bbox"] == nil, "include_bbox false leaves the boxes out")
            // Describe: $0.01 per input.
            #expect(r.headers[Self.charged] == "10000")
        }
        #expect(try await t.balance() == 10_000_000 - 10_000)
        #expect(try await Self.lastRow(t) == UsageRecordView(operation: "v2.describe.ideogram-4", variant: "*", charged: 10_000, delivered: 1, status: 200))
    }

    @Test func theRelayedDescribesPerCallPriceAndScopesCarryOver() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("v2models-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Priced per call while relayed: the describe keeps it; the per-image remix starts from the list.
        let store = try SQLiteStore(path: directory + "/ideogate.sqlite")
        try await store.setPrice(PriceEntry(operation: "relay:/v2/image/describe/ideogram-4", variant: "*", micros: 15_000, updatedAt: 1))
        try await store.setPrice(PriceEntry(operation: "relay:/v2/image/remix/ideogram-4", variant: "*", micros: 15_000, updatedAt: 1))
        try await PriceBook(store: store).seedDefaults()
        let prices = try await store.prices()
        #expect(prices.first { $0.operation == "v2.describe.ideogram-4" }?.micros == 15_000)
        #expect(prices.first { $0.operation == "v2.remix.ideogram-4" && $0.variant == "TURBO" }?.micros == 30_000)
        try await store.close()

        // A key scoped to the relayed path still calls the first-class route.
        let t = try await TestGateway.make()
        let key = try await AccountService(store: t.gateway.store).createKey(
            accountID: t.accountID, label: "relayed", scope: KeyScope(operations: ["relay:/v2/image/describe/ideogram-4"]))
        try await t.test { client in
            var form = MultipartForm()
            form.addFile("image", bytes: Fixtures.png())
            let r = try await client.postForm("/v2/image/describe/ideogram-4", key: key.secret, form: form)
            #expect(r.status == .ok, "\(String(buffer: r.body))")
        }
    }

    // MARK: transparent generation

    @Test func transparent4RendersThePixelBudgetWithAlpha() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let r = try await client.postJSON(
                "/ideogram/v2/image/generate/ideogram-4-transparent", key: t.key,
                json: #"{"prompt":"a sticker of a fox","aspect_ratio":"3x2","output_resolution":"2k","rendering_speed":"turbo","seed":9}"#)
            let rasters = try await V2ImageRouteTests.expectV2Images(r, count: 1, resolution: "2496x1664", kind: false, client: client)
            #expect(r.json["seed"] as? Int == 9)
            #expect(rasters[0].pixel(x: 0, y: 0).a < 255, "the background is transparent")
            // Turbo: $0.04 (3.0 transparent's price; no reference prices Ideogram 4's).
            #expect(r.headers[Self.charged] == "40000")
        }
        #expect(try await t.balance() == 10_000_000 - 40_000)
        #expect(try await Self.lastRow(t) == UsageRecordView(
            operation: "v2.generate.ideogram-4-transparent", variant: "TURBO", charged: 40_000, delivered: 1, status: 200))
    }

    @Test func transparent3IsPricedAtTheTransparentTable() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let r = try await client.postJSON(
                "/v2/image/generate/ideogram-3-transparent", key: t.key, json: #"{"prompt":"a logo","num_images":2,"rendering_speed":"quality"}"#)
            let rasters = try await V2ImageRouteTests.expectV2Images(r, count: 2, resolution: "1024x1024", kind: false, client: client)
            #expect(rasters[0].pixel(x: 0, y: 0).a < 255)
            // 3.0 transparent Quality X1: $0.10 per image.
            #expect(r.headers[Self.charged] == "200000")
            // An upscale delivers the upscaled size (priced at X1 until the operator says otherwise).
            let upscaled = try await client.postJSON(
                "/ideogram/v2/image/generate/ideogram-3-transparent", key: t.key, json: #"{"prompt":"a logo","upscale_factor":"x2","rendering_speed":"turbo"}"#)
            _ = try await V2ImageRouteTests.expectV2Images(upscaled, count: 1, resolution: "2048x2048", kind: false, client: client)
            #expect(upscaled.headers[Self.charged] == "40000")
        }
        #expect(try await t.balance() == 10_000_000 - 200_000 - 40_000)
        #expect(try await Self.lastRow(t) == UsageRecordView(
            operation: "v2.generate.ideogram-3-transparent", variant: "TURBO", charged: 40_000, delivered: 1, status: 200))
    }

    // MARK: async, dry run, bad input

    @Test func asyncRequestsArePolledToCompleted() async throws {
        let t = try await TestGateway.make { $0.sandboxDelay = .milliseconds(100) }
        try await t.test { client in
            var remix = MultipartForm([("prompt", "p"), ("async", "true")])
            remix.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
            let remixAck = try await client.postForm("/v2/image/remix/ideogram-4", key: t.key, form: remix)
            let transparentAck = try await client.postJSON(
                "/ideogram/v2/image/generate/ideogram-4-transparent", key: t.key, json: #"{"prompt":"a sticker","async":true}"#)
            for ack in [remixAck, transparentAck] {
                #expect(ack.status == .ok, "\(String(buffer: ack.body))")
                #expect(Set(ack.json.keys) == ["generation_id", "seed"])
                let id = try #require(ack.json["generation_id"] as? String)
                let deadline = ContinuousClock.now + .seconds(60)
                var last: [String: Any] = [:]
                while ContinuousClock.now < deadline {
                    let r = try await client.execute(uri: "/v2/generations/\(id)", method: .get, headers: [HTTPField.Name("Api-Key")!: t.key])
                    last = r.json
                    if last["status"] as? String != "pending" { break }
                    try await Task.sleep(for: .milliseconds(25))
                }
                #expect(last["status"] as? String == "completed", "\(last)")
                #expect((last["data"] as? [[String: Any]])?.first?["resolution"] as? String == "1024x1024")
            }
        }
        // Ideogram 4 Default remix $0.06, Ideogram 4 transparent Default $0.07.
        #expect(try await t.balance() == 10_000_000 - 60_000 - 70_000)
    }

    @Test func anAsyncDescribeIsPolledToItsJSONPrompt() async throws {
        let t = try await TestGateway.make { $0.sandboxDelay = .milliseconds(100) }
        try await t.test { client in
            var form = MultipartForm([("async", "true")])
            form.addFile("image", bytes: Fixtures.png(width: 64, height: 48))
            let ack = try await client.postForm("/v2/image/describe/ideogram-4", key: t.key, form: form)
            #expect(ack.status == .ok, "\(String(buffer: ack.body))")
            let id = try #require(ack.json["generation_id"] as? String)
            let deadline = ContinuousClock.now + .seconds(60)
            var last: [String: Any] = [:]
            while ContinuousClock.now < deadline {
                let r = try await client.execute(uri: "/v2/generations/\(id)", method: .get, headers: [HTTPField.Name("Api-Key")!: t.key])
                last = r.json
                if last["status"] as? String != "pending" { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(last["status"] as? String == "completed", "\(last)")
            let item = try #require((last["data"] as? [[String: Any]])?.first)
            #expect(((item["json_prompt"] as? [String: Any])?["high_level_description"] as? String)?.isEmpty == false)
        }
        #expect(try await t.balance() == 10_000_000 - 10_000)
    }

    @Test func dryRunQuotesEachRoute() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var remix = MultipartForm([("prompt", "p"), ("num_images", "3"), ("rendering_speed", "quality")])
            remix.addFile("image", bytes: Fixtures.png())
            let remixQuote = try await client.postForm("/v2/image/remix/ideogram-4?dry_run=true", key: t.key, form: remix)
            PriceQuoteTests.expectQuote(remixQuote, billing: "ideogram_v4_remix", quantity: 3, usdMicros: 300_000)

            var describe = MultipartForm()
            describe.addFile("image", bytes: Fixtures.png())
            let describeQuote = try await client.postForm("/ideogram/v2/image/describe/ideogram-4?dry_run=true", key: t.key, form: describe)
            PriceQuoteTests.expectQuote(describeQuote, billing: "ideogram_describe", quantity: 1, usdMicros: 10_000)

            let four = try await client.postJSON(
                "/v2/image/generate/ideogram-4-transparent?dry_run=true", key: t.key, json: #"{"prompt":"p","num_images":2}"#)
            PriceQuoteTests.expectQuote(four, billing: "ideogram_v4_transparent_generation", quantity: 2, usdMicros: 140_000)

            let three = try await client.postJSON(
                "/ideogram/v2/image/generate/ideogram-3-transparent?dry_run=true", key: t.key, json: #"{"prompt":"p","rendering_speed":"turbo"}"#)
            PriceQuoteTests.expectQuote(three, billing: "ideogram_v3_transparent_generation", quantity: 1, usdMicros: 40_000)
        }
        #expect(try await t.balance() == 10_000_000)
    }

    @Test func badInputIsRefusedWithItsCodeAndCostsNothing() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            func post(_ path: String, _ fields: [(String, String)], files: [(String, ByteBuffer)] = []) async throws -> TestResponse {
                var form = MultipartForm(fields)
                for (name, bytes) in files { form.addFile(name, bytes: bytes) }
                return try await client.postForm(path, key: t.key, form: form)
            }
            let png = Fixtures.png(), gif = ByteBuffer(bytes: Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0])
            let remix = "/v2/image/remix/ideogram-4", describe = "/ideogram/v2/image/describe/ideogram-4"
            let four = "/v2/image/generate/ideogram-4-transparent", three = "/ideogram/v2/image/generate/ideogram-3-transparent"
            let cases: [(TestResponse, String)] = [
                (try await post(remix, [("num_images", "1")], files: [("image", png)]), "missing_field"),
                (try await post(remix, [("prompt", "p")]), "missing_field"),
                (try await post(remix, [("prompt", "p"), ("seed", "4")], files: [("image", png)]), "unsupported_field"),
                (try await post(remix, [("prompt", "p"), ("resolution", "1280x720"), ("image_weight", "30")], files: [("image", png)]), "conflicting_fields"),
                (try await post(remix, [("prompt", "p"), ("resolution", "1000x1000")], files: [("image", png)]), "invalid_enum"),
                (try await post(remix, [("prompt", "p"), ("image_weight", "101")], files: [("image", png)]), "out_of_range"),
                (try await post(remix, [("prompt", "p")], files: [("image", gif)]), "unsupported_image_type"),
                (try await post(describe, [("include_tags", "yes please")], files: [("image", png)]), "invalid_value"),
                (try await post(describe, [("include_tags", "true")]), "missing_field"),
                (try await client.postJSON(four, key: t.key, json: #"{"prompt":"p","output_resolution":"16k"}"#), "invalid_enum"),
                (try await client.postJSON(four, key: t.key, json: #"{"aspect_ratio":"1x1"}"#), "missing_field"),
                (try await client.postJSON(four, key: t.key, json: #"{"prompt":"p","seed":"x"}"#), "invalid_value"),
                (try await client.postJSON(three, key: t.key, json: #"{"prompt":"p","upscale_factor":"x8"}"#), "invalid_enum"),
                (try await client.postJSON(three, key: t.key, json: #"{"prompt":"p","num_images":9}"#), "out_of_range"),
                (try await client.postJSON(three, key: t.key, json: #"{"prompt":"p""#), "invalid_json"),
            ]
            for (r, code) in cases {
                #expect(r.status == .badRequest && r.errorCode == code, "\(code): \(String(buffer: r.body))")
            }
            // The transparent routes take JSON only.
            let multipart = try await post(four, [("prompt", "p")])
            #expect(multipart.status == .unsupportedMediaType && multipart.errorCode == "unsupported_content_type")
        }
        #expect(try await t.balance() == 10_000_000)
        let rows = try await t.gateway.store.usage(accountID: t.accountID, limit: 100, offset: 0)
        #expect(rows.allSatisfy { $0.chargedMicros == 0 })
    }
}
