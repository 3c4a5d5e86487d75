import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ImageCodec
import NIOCore
import Testing

/// `/v1/edit`, `/v1/edit-lite` and `/v2/image/reframe/ideogram-3` end to end on the sandbox:
/// validated before any hold, priced per output image, rendered, delivered, charged, logged.
@Suite struct EditRouteTests {
    static let charged = HTTPField.Name("X-Ideogate-Charged-Micros")!

    /// Checks a `V1EditImagesResponse` and downloads every image; returns the PNG bytes.
    static func expectEditImages(
        _ r: TestResponse, count: Int, resolution: String, client: some TestClientProtocol,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [ByteBuffer] {
        #expect(r.status == .ok, "\(String(buffer: r.body))", sourceLocation: sourceLocation)
        #expect((r.json["created"] as? String)?.hasSuffix("+00:00") == true, sourceLocation: sourceLocation)
        #expect(r.json["generation_id"] == nil, sourceLocation: sourceLocation)
        let data = try #require(r.json["data"] as? [[String: Any]], sourceLocation: sourceLocation)
        #expect(data.count == count, sourceLocation: sourceLocation)
        var files: [ByteBuffer] = []
        for item in data {
            #expect(item["resolution"] as? String == resolution, sourceLocation: sourceLocation)
            #expect(item["is_image_safe"] as? Bool == true && item["seed"] is Int && item["prompt"] is String, sourceLocation: sourceLocation)
            let url = try #require(item["url"] as? String, sourceLocation: sourceLocation)
            let file = try await client.execute(uri: Self.localPath(url), method: .get)
            #expect(file.status == .ok && file.headers[.contentType] == "image/png", sourceLocation: sourceLocation)
            let raster = try PNG.decode(file.body)
            #expect("\(raster.width)x\(raster.height)" == resolution, sourceLocation: sourceLocation)
            files.append(file.body)
        }
        return files
    }

    static func localPath(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.path + "?" + (components.percentEncodedQuery ?? "")
    }

    @Test func editIsChargedPerImageAndLogged() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("prompt", "make it dusk"), ("num_images", "2"), ("aspect_ratio", "16x9"), ("seed", "5")])
            form.addFile("images", bytes: Fixtures.png(width: 320, height: 180))
            form.addFile("images", bytes: Fixtures.png(width: 64, height: 64))
            let r = try await client.postForm("/ideogram/v1/edit", key: t.key, form: form)
            _ = try await Self.expectEditImages(r, count: 2, resolution: "1312x736", client: client)
            // Ideogram 3.0 Edit at Default: $0.06 per output image.
            #expect(r.headers[Self.charged] == "120000")
        }
        #expect(try await t.balance() == 10_000_000 - 120_000)
        let row = try #require(try await t.gateway.store.usage(accountID: t.accountID, limit: 1, offset: 0).first)
        #expect(row.operation == "v1.edit" && row.chargedMicros == 120_000 && row.imagesDelivered == 2 && row.status == 200)
    }

    @Test func theEditIsOfTheFirstImage() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            func edit(_ source: ByteBuffer) async throws -> ByteBuffer {
                var form = MultipartForm([("prompt", "a hat"), ("seed", "11")])
                form.addFile("images", bytes: source)
                let r = try await client.postForm("/v1/edit", key: t.key, form: form)
                return try #require(try await Self.expectEditImages(r, count: 1, resolution: "1024x1024", client: client).first)
            }
            let red = Fixtures.png(width: 96, height: 96, left: RGBA(r: 220, g: 20, b: 20), right: RGBA(r: 220, g: 20, b: 20))
            let blue = Fixtures.png(width: 96, height: 96, left: RGBA(r: 20, g: 20, b: 220), right: RGBA(r: 20, g: 20, b: 220))
            let first = try await edit(red), again = try await edit(red), other = try await edit(blue)
            #expect(first == again, "the sandbox is deterministic for a seed")
            #expect(first != other, "the source image shapes the edit")
            // Most of the source survives: the red source's edit is redder than the blue one's.
            let redMean = try PNG.decode(first).resized(width: 1, height: 1).pixel(x: 0, y: 0)
            let blueMean = try PNG.decode(other).resized(width: 1, height: 1).pixel(x: 0, y: 0)
            #expect(Int(redMean.r) - Int(redMean.b) > Int(blueMean.r) - Int(blueMean.b))
        }
    }

    @Test func imageURLsTakeOnlyTheGatewaysOwnLinks() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let made = try await client.postJSON("/v1/ideogram-v3/generate", key: t.key, json: #"{"prompt":"a kite","rendering_speed":"TURBO","resolution":"1024x1024"}"#)
            #expect(made.status == .ok, "\(String(buffer: made.body))")
            let link = try #require((made.json["data"] as? [[String: Any]])?.first?["url"] as? String)

            let edited = try await client.postForm("/v1/edit", key: t.key, form: MultipartForm([("prompt", "at night"), ("image_urls", link)]))
            _ = try await Self.expectEditImages(edited, count: 1, resolution: "1024x1024", client: client)
            #expect(edited.headers[Self.charged] == "60000")

            // Another host's image, a private address, a tampered signature: 400, nothing held.
            let foreign = try await client.postForm(
                "/v1/edit", key: t.key, form: MultipartForm([("prompt", "p"), ("image_urls", "http://10.0.0.1/files/img_x.png?exp=1&sig=0")]))
            #expect(foreign.status == .badRequest && foreign.errorCode == "image_url_unavailable", "\(String(buffer: foreign.body))")
            let ideogram = try await client.postForm(
                "/v1/edit", key: t.key, form: MultipartForm([("prompt", "p"), ("image_urls", "https://ideogram.ai/api/images/ephemeral/x.png?exp=1&sig=2")]))
            #expect(ideogram.status == .badRequest && ideogram.errorCode == "unsupported_image_url")
            let tampered = link.replacingOccurrences(of: "sig=", with: "sig=0")
            let bad = try await client.postForm("/v1/edit", key: t.key, form: MultipartForm([("prompt", "p"), ("image_urls", tampered)]))
            #expect(bad.status == .badRequest && bad.errorCode == "image_url_unavailable")
        }
        #expect(try await t.balance() == 10_000_000 - 30_000 - 60_000)
    }

    @Test func editLiteIs1KAndCheaper() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("prompt", "remove the hat"), ("num_images", "3"), ("transparency", "opaque")])
            form.addFile("image", bytes: Fixtures.png(width: 400, height: 300))
            form.addFile("reference_images", bytes: Fixtures.png(width: 32, height: 32))
            let r = try await client.postForm("/ideogram/v1/edit-lite", key: t.key, form: form)
            // The image's 4:3 shape at 1K.
            _ = try await Self.expectEditImages(r, count: 3, resolution: "1152x864", client: client)
            #expect(r.headers[Self.charged] == "90000")
        }
        #expect(try await t.balance() == 10_000_000 - 90_000)
        let row = try #require(try await t.gateway.store.usage(accountID: t.accountID, limit: 1, offset: 0).first)
        #expect(row.operation == "v1.edit-lite" && row.chargedMicros == 90_000 && row.imagesDelivered == 3)
    }

    @Test func reframeOnV2IsSyncAndPricedBySpeed() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("resolution", "1536x640"), ("rendering_speed", "quality"), ("num_images", "2"), ("seed", "9")])
            form.addFile("image", bytes: Fixtures.png(width: 256, height: 256))
            let r = try await client.postForm("/v2/image/reframe/ideogram-3", key: t.key, form: form)
            let rasters = try await V2ImageRouteTests.expectV2Images(r, count: 2, resolution: "1536x640", kind: false, client: client)
            #expect(r.json["seed"] as? Int == 9)
            #expect(r.json["width"] == nil)
            // Reframe keeps the source in the centre: scaled to 640×640 at x 448…1087, its red
            // left half and blue right half are where they were.
            let source = try PNG.decode(Fixtures.png(width: 256, height: 256))
            #expect(rasters[0].pixel(x: 608, y: 320) == source.pixel(x: 64, y: 128))
            #expect(rasters[0].pixel(x: 928, y: 320) == source.pixel(x: 192, y: 128))
            // Quality $0.09 per image.
            #expect(r.headers[Self.charged] == "180000")
        }
        #expect(try await t.balance() == 10_000_000 - 180_000)
        let row = try #require(try await t.gateway.store.usage(accountID: t.accountID, limit: 1, offset: 0).first)
        #expect(row.operation == "v2.reframe.ideogram-3" && row.variant == "QUALITY" && row.chargedMicros == 180_000)
    }

    @Test func asyncReframeIsPolledToCompleted() async throws {
        let t = try await TestGateway.make { $0.sandboxDelay = .milliseconds(200) }
        try await t.test { client in
            var form = MultipartForm([("resolution", "1024x1024"), ("rendering_speed", "turbo"), ("async", "true")])
            form.addFile("image", bytes: Fixtures.png(width: 128, height: 96))
            let ack = try await client.postForm("/ideogram/v2/image/reframe/ideogram-3", key: t.key, form: form)
            #expect(ack.status == .ok, "\(String(buffer: ack.body))")
            let id = try #require(ack.json["generation_id"] as? String)
            #expect(ack.json["seed"] is Int && ack.json["data"] == nil)
            let deadline = ContinuousClock.now + .seconds(60)
            var last: [String: Any] = [:]
            while ContinuousClock.now < deadline {
                let r = try await client.execute(uri: "/v2/generations/\(id)", method: .get, headers: [HTTPField.Name("Api-Key")!: t.key])
                last = r.json
                if last["status"] as? String != "pending" { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(last["status"] as? String == "completed", "\(last)")
            let data = try #require(last["data"] as? [[String: Any]])
            #expect(data.count == 1 && data[0]["resolution"] as? String == "1024x1024")
        }
        // Turbo reframe: $0.06.
        #expect(try await t.balance() == 10_000_000 - 60_000)
    }

    @Test func dryRunQuotesEachRoute() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var edit = MultipartForm([("prompt", "p"), ("num_images", "4")])
            edit.addFile("images", bytes: Fixtures.png())
            let editQuote = try await client.postForm("/v1/edit?dry_run=true", key: t.key, form: edit)
            PriceQuoteTests.expectQuote(editQuote, billing: "ideogram_v3_edit", quantity: 4, usdMicros: 240_000)

            var lite = MultipartForm([("prompt", "p"), ("num_images", "2")])
            lite.addFile("image", bytes: Fixtures.png())
            let liteQuote = try await client.postForm("/ideogram/v1/edit-lite?dry_run=true", key: t.key, form: lite)
            PriceQuoteTests.expectQuote(liteQuote, billing: "ideogram_edit_lite", quantity: 2, usdMicros: 60_000)

            var reframe = MultipartForm([("resolution", "1024x1024"), ("rendering_speed", "default")])
            reframe.addFile("image", bytes: Fixtures.png())
            let reframeQuote = try await client.postForm("/v2/image/reframe/ideogram-3?dry_run=true", key: t.key, form: reframe)
            PriceQuoteTests.expectQuote(reframeQuote, billing: "ideogram_v3_reframe", quantity: 1, usdMicros: 60_000)
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
            let cases: [(TestResponse, String)] = [
                (try await post("/v1/edit", [("num_images", "1")], files: [("images", png)]), "missing_field"),
                (try await post("/v1/edit", [("prompt", "p")]), "missing_field"),
                (try await post("/v1/edit", [("prompt", "p"), ("resolution", "1024x1024"), ("aspect_ratio", "1x1")], files: [("images", png)]), "conflicting_fields"),
                (try await post("/v1/edit", [("prompt", "p"), ("num_images", "9")], files: [("images", png)]), "out_of_range"),
                (try await post("/v1/edit", [("prompt", "p")], files: Array(repeating: ("images", png), count: 11)), "too_many_images"),
                (try await post("/v1/edit", [("prompt", "p")], files: [("images", gif)]), "unsupported_image_type"),
                (try await post("/v1/edit-lite", [("prompt", "p")]), "missing_field"),
                (try await post("/v1/edit-lite", [("prompt", "p"), ("transparency", "maybe")], files: [("image", png)]), "invalid_enum"),
                (try await post("/v1/edit-lite", [("prompt", "p")], files: [("image", png)] + Array(repeating: ("reference_images", png), count: 10)), "too_many_images"),
                (try await post("/v2/image/reframe/ideogram-3", [("rendering_speed", "turbo")], files: [("image", png)]), "missing_field"),
                (try await post("/v2/image/reframe/ideogram-3", [("resolution", "1000x1000")], files: [("image", png)]), "invalid_enum"),
            ]
            for (r, code) in cases {
                #expect(r.status == .badRequest && r.errorCode == code, "\(code): \(String(buffer: r.body))")
            }
            let json = try await client.postJSON("/v2/image/reframe/ideogram-3", key: t.key, json: #"{"resolution":"1024x1024","image_asset_identifier":"a"}"#)
            #expect(json.status == .badRequest && json.errorCode == "missing_field")
        }
        #expect(try await t.balance() == 10_000_000)
        let rows = try await t.gateway.store.usage(accountID: t.accountID, limit: 100, offset: 0)
        #expect(rows.allSatisfy { $0.chargedMicros == 0 })
    }
}
