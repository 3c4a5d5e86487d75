import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ImageCodec
import NIOCore
import Testing

/// Every endpoint of the seed, served end to end by the sandbox: the response has Ideogram's
/// shape, each image downloads as a PNG of exactly the reported resolution, and the charge
/// follows the price list.
@Suite struct EndpointTests {
    @Test func seedV3GenerateExample() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let form = MultipartForm([
                ("prompt", "Delicate 3D cover design with various combat machines flying from an portal. The text \"One Gateway, Infinite Models\" is placed in the center"),
                ("rendering_speed", "QUALITY"), ("num_images", "2"), ("aspect_ratio", "2x1"),
            ])
            let response = try await client.postForm("/ideogram/v1/ideogram-v3/generate", key: t.key, form: form)
            let images = try await expectImages(response, count: 2, resolution: "1408x704", client: client)
            #expect(images[0] != images[1], "two images without a seed must differ")
            #expect(response.headers[HTTPField.Name("X-Ideogate-Charged-Micros")!] == "180000")
            #expect(response.headers[HTTPField.Name("X-Request-Id")!]?.hasPrefix("req_") == true)
            let seeds = (response.json["data"] as? [[String: Any]])?.compactMap { $0["seed"] as? Int } ?? []
            #expect(Set(seeds).count == 2)
            #expect((response.json["data"] as? [[String: Any]])?.first?["style_type"] as? String == "GENERAL")
        }
        #expect(try await t.balance() == 10_000_000 - 180_000)
    }

    @Test func v3GenerateJSONAtTheRoot() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let response = try await client.postJSON(
                "/v1/ideogram-v3/generate", key: t.key,
                json: #"{"prompt":"a lighthouse at dusk","rendering_speed":"TURBO","resolution":"1280x800","seed":7,"style_type":"REALISTIC","future_field":{"x":1}}"#)
            _ = try await expectImages(response, count: 1, resolution: "1280x800", client: client)
            let item = try #require((response.json["data"] as? [[String: Any]])?.first)
            #expect(item["seed"] as? Int == 7)
            #expect(item["style_type"] as? String == "REALISTIC")
            #expect(response.headers[HTTPField.Name("X-Ideogate-Charged-Micros")!] == "30000")
        }
    }

    @Test func v3RemixDerivesFromTheImage() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("prompt", "watercolour"), ("image_weight", "100"), ("aspect_ratio", "1x1"), ("seed", "3")])
            form.addFile("image", bytes: Fixtures.png(width: 128, height: 128))
            let response = try await client.postForm("/ideogram/v1/ideogram-v3/remix", key: t.key, form: form)
            let image = try #require(try await expectImages(response, count: 1, resolution: "1024x1024", client: client).first)
            // Weight 100 keeps the source: red on the left, blue on the right.
            let left = image.pixel(x: 100, y: 512), right = image.pixel(x: 900, y: 512)
            #expect(left.r > left.b && right.b > right.r)
        }
    }

    @Test func v3EditAndInpaintChangeOnlyTheBlackRegion() async throws {
        let t = try await TestGateway.make()
        for path in ["/ideogram/v1/ideogram-v3/edit", "/ideogram/v1/ideogram-v3/inpaint"] {
            try await t.gateway.makeRouterTest { client in
                var form = MultipartForm([("prompt", "a red balloon"), ("rendering_speed", "DEFAULT")])
                form.addFile("image", bytes: Fixtures.png(width: 1024, height: 1024))
                form.addFile("mask", bytes: Fixtures.mask(width: 1024, height: 1024))
                let response = try await client.postForm(path, key: t.key, form: form)
                let image = try #require(try await expectImages(response, count: 1, resolution: "1024x1024", client: client).first)
                // Ideogram's spec marks edit deprecated in favour of inpaint; its answers say so.
                if path.hasSuffix("/edit") {
                    #expect(response.headers[HTTPField.Name("Deprecation")!] == "@1791331200")
                    #expect(response.headers[HTTPField.Name("Link")!] == #"</ideogram/v1/ideogram-v3/inpaint>; rel="successor-version""#)
                } else {
                    #expect(response.headers[HTTPField.Name("Deprecation")!] == nil)
                }
                // White (kept) region: identical to the source.
                #expect(image.pixel(x: 900, y: 900) == RGBA(r: 30, g: 30, b: 200))
                #expect(image.pixel(x: 100, y: 900) == RGBA(r: 200, g: 30, b: 30))
            }
        }
    }

    @Test func v3ReframeExtendsTheCanvas() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("resolution", "1536x640"), ("rendering_speed", "TURBO")])
            form.addFile("image", bytes: Fixtures.png(width: 256, height: 256))
            let response = try await client.postForm("/ideogram/v1/ideogram-v3/reframe", key: t.key, form: form)
            _ = try await expectImages(response, count: 1, resolution: "1536x640", client: client)
            #expect(response.headers[HTTPField.Name("X-Ideogate-Charged-Micros")!] == "60000")
        }
    }

    @Test func v3ReplaceBackgroundAndTransparent() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("prompt", "a beach"), ("rendering_speed", "QUALITY")])
            form.addFile("image", bytes: Fixtures.png(width: 1024, height: 1024))
            let replaced = try await client.postForm("/ideogram/v1/ideogram-v3/replace-background", key: t.key, form: form)
            _ = try await expectImages(replaced, count: 1, resolution: "1024x1024", client: client)
            #expect(replaced.headers[HTTPField.Name("X-Ideogate-Charged-Micros")!] == "90000")

            let transparent = try await client.postJSON(
                "/ideogram/v1/ideogram-v3/generate-transparent", key: t.key,
                json: #"{"prompt":"a sticker of a fox","aspect_ratio":"1x1","rendering_speed":"TURBO"}"#)
            let image = try #require(try await expectImages(transparent, count: 1, resolution: "1024x1024", client: client).first)
            #expect(!image.isOpaque)
        }
    }

    @Test func legacyGenerateSeedExample() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let response = try await client.postJSON("/ideogram/generate", key: t.key, json: """
                {"image_request": {"prompt": "3D cartoon, An adorable white owl baby", "negative_prompt": "blurry, bad anatomy, watermark",
                 "aspect_ratio": "ASPECT_3_2", "model": "V_2", "num_images": 2, "magic_prompt_option": "AUTO", "style_type": "RENDER_3D"}}
                """)
            _ = try await expectImages(response, count: 2, resolution: "1248x832", client: client)
            #expect((response.json["data"] as? [[String: Any]])?.first?["style_type"] as? String == "RENDER_3D")
            #expect(response.headers[HTTPField.Name("X-Ideogate-Charged-Micros")!] == "160000")
        }
    }

    @Test func legacyRemixEditUpscaleReframe() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var remix = MultipartForm([("image_request", #"{"prompt":"watercolor","aspect_ratio":"ASPECT_10_16","image_weight":50,"magic_prompt_option":"ON","model":"V_2"}"#)])
            remix.addFile("image_file", filename: "in.png", bytes: Fixtures.png())
            _ = try await expectImages(try await client.postForm("/ideogram/remix", key: t.key, form: remix), count: 1, resolution: "800x1280", client: client)

            var edit = MultipartForm([("prompt", "a hat"), ("model", "V_2_TURBO"), ("num_images", "1")])
            edit.addFile("image_file", bytes: Fixtures.png(width: 96, height: 64))
            edit.addFile("mask", bytes: Fixtures.mask(width: 96, height: 64))
            let edited = try await client.postForm("/ideogram/edit", key: t.key, form: edit)
            _ = try await expectImages(edited, count: 1, resolution: "96x64", client: client)
            #expect(edited.headers[HTTPField.Name("X-Ideogate-Charged-Micros")!] == "50000")

            var upscale = MultipartForm([("image_request", "{}")])
            upscale.addFile("image_file", bytes: Fixtures.png(width: 80, height: 60))
            let upscaled = try await client.postForm("/ideogram/upscale", key: t.key, form: upscale)
            let big = try #require(try await expectImages(upscaled, count: 1, resolution: "160x120", client: client).first)
            #expect(big.pixel(x: 10, y: 60).r > 150 && big.pixel(x: 150, y: 60).b > 150)

            var reframe = MultipartForm([("resolution", "RESOLUTION_1024_1024"), ("model", "V_2")])
            reframe.addFile("image_file", bytes: Fixtures.png())
            _ = try await expectImages(try await client.postForm("/ideogram/reframe", key: t.key, form: reframe), count: 1, resolution: "1024x1024", client: client)
        }
    }

    @Test func legacyDescribe() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm()
            form.addFile("image_file", bytes: Fixtures.png(width: 120, height: 80))
            let response = try await client.postForm("/ideogram/describe", key: t.key, form: form)
            #expect(response.status == .ok)
            let descriptions = try #require(response.json["descriptions"] as? [[String: Any]])
            let text = try #require(descriptions.first?["text"] as? String)
            #expect(text.contains("120") && text.contains("80"))
            #expect(response.headers[HTTPField.Name("X-Ideogate-Charged-Micros")!] == "10000")
        }
    }
}

extension Ideogate {
    /// Runs `body` against this gateway's router without a network.
    func makeRouterTest(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await Application(router: makeRouter()).test(.router, body)
    }
}
