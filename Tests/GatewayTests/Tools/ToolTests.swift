import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ImageCodec
import NIOCore
import Testing

/// The tools end to end on the sandbox, through the router: each answers in its spec's shape,
/// is charged exactly its price, writes a usage row, refuses bad input with its code at no cost,
/// and quotes its price on a dry run.
@Suite struct ToolTests {
    /// A white square on a plain grey backdrop: the subject remove-background keeps.
    static func productShot(_ side: Int = 64) -> ByteBuffer {
        var raster = Raster(width: side, height: side, fill: RGBA(r: 128, g: 128, b: 128))
        for y in (side / 4)..<(side * 3 / 4) { for x in (side / 4)..<(side * 3 / 4) { raster.setPixel(x: x, y: y, RGBA(r: 250, g: 20, b: 20)) } }
        return PNG.encode(raster)
    }

    /// White (remove) over the left half's top quarter, black elsewhere.
    static func removalMask(_ side: Int = 64) -> ByteBuffer {
        var raster = Raster(width: side, height: side, fill: .black)
        for y in 0..<(side / 4) { for x in 0..<(side / 2) { raster.setPixel(x: x, y: y, .white) } }
        return PNG.encode(raster)
    }

    static let ttf = ByteBuffer(bytes: [0x00, 0x01, 0x00, 0x00] + [UInt8](repeating: 3, count: 60))

    /// Downloads one of our signed links and decodes it.
    static func fetch(_ url: String, client: some TestClientProtocol, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Raster {
        let components = try #require(URLComponents(string: url), sourceLocation: sourceLocation)
        #expect(components.path.contains("/files/") || components.path.contains("/images/"), "\(url)", sourceLocation: sourceLocation)
        let file = try await client.execute(uri: components.path + "?" + (components.percentEncodedQuery ?? ""), method: .get)
        #expect(file.status == .ok, sourceLocation: sourceLocation)
        #expect(file.headers[.contentType] == "image/png", sourceLocation: sourceLocation)
        return try PNG.decode(file.body)
    }

    /// `{created, data:[{url, is_image_safe}]}` and nothing else; returns the one link.
    static func expectToolImage(_ r: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        #expect(r.status == .ok, "\(String(buffer: r.body))", sourceLocation: sourceLocation)
        #expect(Set(r.json.keys) == ["created", "data"], sourceLocation: sourceLocation)
        #expect((r.json["created"] as? String)?.hasSuffix("+00:00") == true, sourceLocation: sourceLocation)
        let data = try #require(r.json["data"] as? [[String: Any]], sourceLocation: sourceLocation)
        #expect(data.count == 1, sourceLocation: sourceLocation)
        #expect(Set(data[0].keys) == ["url", "is_image_safe"], sourceLocation: sourceLocation)
        #expect(data[0]["is_image_safe"] as? Bool == true, sourceLocation: sourceLocation)
        return try #require(data[0]["url"] as? String, sourceLocation: sourceLocation)
    }

    func usageRow(_ t: TestGateway) async throws -> UsageRecord {
        try #require(try await t.gateway.store.usage(accountID: t.accountID, limit: 1, offset: 0).first)
    }

    @Test func removeBackgroundCutsTheSubjectOutOntoTransparency() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm()
            form.addFile("image", bytes: Self.productShot())
            let r = try await client.postForm("/ideogram/v1/remove-background", key: t.key, form: form.finished)
            let raster = try await Self.fetch(try Self.expectToolImage(r), client: client)
            #expect(raster.width == 64 && raster.height == 64)
            #expect(raster[2, 2].a == 0, "the grey backdrop is transparent")
            #expect(raster[32, 32] == RGBA(r: 250, g: 20, b: 20), "the subject is kept as it was")
            #expect(r.chargedMicrosHeader == 10_000)
        }
        #expect(try await t.balance() == 10_000_000 - 10_000)
        let row = try await usageRow(t)
        #expect(row.operation == "tools.remove-background" && row.variant == "*" && row.chargedMicros == 10_000)
        #expect(row.status == 200 && row.imagesDelivered == 1 && row.channel == "sandbox")
    }

    @Test func removeObjectFillsTheMaskedRegionFromItsSurroundings() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            // Red left half, blue right half; the mask removes the top-left quarter-strip.
            var form = MultipartForm([("guidance_scale", "40"), ("num_inference_steps", "12"), ("rendering_speed", "TURBO"), ("seed", "9")])
            form.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
            form.addFile("mask", bytes: Self.removalMask())
            let r = try await client.postForm("/v1/remove-object", key: t.key, form: form.finished)
            let raster = try await Self.fetch(try Self.expectToolImage(r), client: client)
            #expect(raster.width == 64 && raster.height == 64)
            // Outside the mask: untouched. Inside: filled from around it, so still reddish.
            #expect(raster[10, 40] == RGBA(r: 200, g: 30, b: 30))
            #expect(raster[50, 5] == RGBA(r: 30, g: 30, b: 200))
            let filled = raster[5, 5]
            #expect(filled.r > filled.b)
            #expect(r.chargedMicrosHeader == 10_000)
        }
        #expect(try await t.balance() == 10_000_000 - 10_000)
        let row = try await usageRow(t)
        #expect(row.operation == "tools.remove-object" && row.chargedMicros == 10_000 && row.status == 200)
    }

    @Test func layerizeTextAnswersABaseImageAndTheQuotedText() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("prompt", #"a banner reading "GRAND OPENING""#), ("seed", "77")])
            form.addFile("image", bytes: Fixtures.png(width: 96, height: 64))
            form.addFile("font_candidate_files", filename: "Inter-Bold.ttf", contentType: "font/ttf", bytes: Self.ttf)
            let r = try await client.postForm("/ideogram/v1/ideogram-v3/layerize-text", key: t.key, form: form.finished)
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            #expect(Set(r.json.keys) == ["base_image_url", "original_image_url", "text_blocks", "seed"])
            #expect(r.json["seed"] as? Int == 77)
            let blocks = try #require(r.json["text_blocks"] as? [[String: Any]])
            #expect(blocks.count == 1)
            let block = blocks[0]
            #expect(block["text"] as? String == "GRAND OPENING")
            #expect(block["font_name"] as? String == "Inter-Bold")
            #expect(block["alignment"] as? String == "center" && block["formatting"] as? [String] == [])
            for required in ["x", "y", "width", "height"] { #expect(block[required] is Int, "\(required)") }
            let base = try await Self.fetch(try #require(r.json["base_image_url"] as? String), client: client)
            let original = try await Self.fetch(try #require(r.json["original_image_url"] as? String), client: client)
            #expect(base.width == 96 && base.height == 64 && original.width == 96 && original.height == 64)
            #expect(original[2, 2] == RGBA(r: 200, g: 30, b: 30))
            #expect(r.chargedMicrosHeader == 90_000)
        }
        #expect(try await t.balance() == 10_000_000 - 90_000)
        let row = try await usageRow(t)
        #expect(row.operation == "tools.layerize-text" && row.chargedMicros == 90_000 && row.imagesDelivered == 1)
    }

    @Test func layerizeTextWithoutQuotedTextFindsNoBlocks() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm()
            form.addFile("image", bytes: Fixtures.png(width: 32, height: 32))
            let r = try await client.postForm("/v1/ideogram-v3/layerize-text", key: t.key, form: form.finished)
            #expect(r.status == .ok)
            #expect((r.json["text_blocks"] as? [Any])?.isEmpty == true)
            #expect(r.json["seed"] is Int)
        }
        #expect(try await t.balance() == 10_000_000 - 90_000)
    }

    @Test func badInputIsRefusedWithItsCodeAndCostsNothing() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let missing = try await client.postForm("/v1/remove-background", key: t.key, form: MultipartForm([("x", "y")]).finished)
            #expect(missing.status == .badRequest && missing.errorCode == "missing_field")
            var gif = MultipartForm()
            gif.addFile("image", filename: "a.gif", contentType: "image/gif", bytes: Fixtures.gif)
            let wrongType = try await client.postForm("/v1/remove-background", key: t.key, form: gif.finished)
            #expect(wrongType.status == .badRequest && wrongType.errorCode == "unsupported_image_type")
            var sizes = MultipartForm()
            sizes.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
            sizes.addFile("mask", bytes: Self.removalMask(32))
            let mismatch = try await client.postForm("/ideogram/v1/remove-object", key: t.key, form: sizes.finished)
            #expect(mismatch.status == .badRequest && mismatch.errorCode == "mask_size_mismatch")
            var speed = MultipartForm([("rendering_speed", "LUDICROUS")])
            speed.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
            speed.addFile("mask", bytes: Self.removalMask())
            let badEnum = try await client.postForm("/v1/remove-object", key: t.key, form: speed.finished)
            #expect(badEnum.status == .badRequest && badEnum.errorCode == "invalid_enum")
            var seed = MultipartForm([("seed", "-4")])
            seed.addFile("image", bytes: Fixtures.png(width: 32, height: 32))
            let badSeed = try await client.postForm("/v1/ideogram-v3/layerize-text", key: t.key, form: seed.finished)
            #expect(badSeed.status == .badRequest && badSeed.errorCode == "out_of_range")
            var font = MultipartForm()
            font.addFile("image", bytes: Fixtures.png(width: 32, height: 32))
            font.addFile("font_candidate_files", filename: "x.ttf", bytes: Fixtures.gif)
            let badFont = try await client.postForm("/v1/ideogram-v3/layerize-text", key: t.key, form: font.finished)
            #expect(badFont.status == .badRequest && badFont.errorCode == "unsupported_font_type")
            let json = try await client.postJSON("/v1/remove-background", key: t.key, json: #"{"image":"x"}"#)
            #expect(json.status == .unsupportedMediaType)
        }
        #expect(try await t.balance() == 10_000_000)
        let rows = try await t.gateway.store.usage(accountID: t.accountID, limit: 20, offset: 0)
        #expect(rows.count == 7 && rows.allSatisfy { $0.chargedMicros == 0 && $0.status >= 400 })
        #expect(try await t.gateway.store.audit(horizon: .max).isEmpty)
    }

    @Test func dryRunsQuoteEachToolsPrice() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var image = MultipartForm()
            image.addFile("image", bytes: Fixtures.png(width: 32, height: 32))
            let background = try await client.postForm("/v1/remove-background?dry_run=true", key: t.key, form: image.finished)
            PriceQuoteTests.expectQuote(background, billing: "ideogram_remove_background", quantity: 1, usdMicros: 10_000)
            var object = MultipartForm()
            object.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
            object.addFile("mask", bytes: Self.removalMask())
            let removal = try await client.postForm("/ideogram/v1/remove-object?dry_run=true", key: t.key, form: object.finished)
            PriceQuoteTests.expectQuote(removal, billing: "ideogram_remove_object", quantity: 1, usdMicros: 10_000)
            var layers = MultipartForm([("dry_run", "true")])
            layers.addFile("image", bytes: Fixtures.png(width: 32, height: 32))
            let layerize = try await client.postForm("/v1/ideogram-v3/layerize-text", key: t.key, form: layers.finished)
            PriceQuoteTests.expectQuote(layerize, billing: "ideogram_layerize_text", quantity: 1, usdMicros: 90_000)
        }
        #expect(try await t.balance() == 10_000_000)
        #expect(try await t.gateway.store.audit(horizon: .max).isEmpty)
    }
    /// As a task, layerize-text polls as one `layerized_image`; a retry with the same
    /// Idempotency-Key gets the first answer back without a second charge.
    @Test func layerizeTextAsATaskAndAsARetry() async throws {
        let t = try await TestGateway.make()
        let apiKey = HTTPField.Name("Api-Key")!
        try await t.test { client in
            var form = MultipartForm([("prompt", #"a card reading "THANKS""#), ("seed", "5")])
            form.addFile("image", bytes: Fixtures.png(width: 48, height: 32))
            let body = form.finished
            let submitted = try await client.execute(
                uri: "/v1/ideogram-v3/layerize-text", method: .post,
                headers: [apiKey: t.key, .contentType: body.contentType, HTTPField.Name("Prefer")!: "respond-async"], body: body.body)
            #expect(submitted.status == .accepted, "\(String(buffer: submitted.body))")
            let id = try #require(submitted.json["generation_id"] as? String)
            // Waits for the fact, not a fixed time: a busy machine runs the task late.
            var done: [String: Any] = [:]
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                done = try await client.execute(uri: "/v1/generations/\(id)", method: .get, headers: [apiKey: t.key]).json
                if done["status"] as? String != "pending" { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(done["status"] as? String == "completed")
            let item = try #require((done["data"] as? [[String: Any]])?.first)
            #expect(item["object_type"] as? String == "layerized_image" && item["seed"] as? Int == 5)
            #expect((item["text_blocks"] as? [[String: Any]])?.first?["text"] as? String == "THANKS")
            #expect((item["base_image_url"] as? String)?.contains("/files/") == true)

            let headers: HTTPFields = [apiKey: t.key, .contentType: body.contentType, HTTPField.Name("Idempotency-Key")!: "layers-1"]
            let first = try await client.execute(uri: "/v1/ideogram-v3/layerize-text", method: .post, headers: headers, body: body.body)
            let again = try await client.execute(uri: "/v1/ideogram-v3/layerize-text", method: .post, headers: headers, body: body.body)
            #expect(first.status == .ok && again.status == .ok)
            #expect(again.json["base_image_url"] as? String == first.json["base_image_url"] as? String)
        }
        // The task and the first keyed request; the replay costs nothing more.
        #expect(try await t.balance() == 10_000_000 - 2 * 90_000)
        #expect(try await t.gateway.store.audit(horizon: .max).isEmpty)
    }
}
