import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ImageCodec
import NIOCore
import Testing

/// Ideogram 4 and 4.5 on /v1, end to end on the sandbox: Ideogram's V4 answer shape, each image
/// a PNG of exactly the reported resolution, charged at the seeded price and not a micro more.
@Suite struct IdeogramV4Tests {
    static let charged = HTTPField.Name("X-Ideogate-Charged-Micros")!
    static let jsonPrompt = ##"{"high_level_description":"A red fox reading a newspaper","compositional_deconstruction":{"background":"a quiet park","elements":[{"type":"obj","desc":"a red fox","bbox":[100,100,900,900]},{"type":"text","text":"DAILY FOX","desc":"masthead"}]},"style_description":{"color_palette":["#FFD700"]}}"##

    /// The V4 body: `response_type: "url"`, no V3-only members.
    func expectV4Shape(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.json["response_type"] as? String == "url", sourceLocation: sourceLocation)
        let item = (response.json["data"] as? [[String: Any]])?.first ?? [:]
        #expect(item["style_type"] == nil, sourceLocation: sourceLocation)
        #expect(Set(item.keys) == ["url", "prompt", "resolution", "seed", "is_image_safe"], sourceLocation: sourceLocation)
    }

    @Test func generateWithAJSONPrompt() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let response = try await client.postJSON(
                "/ideogram/v1/ideogram-v4/generate", key: t.key,
                json: #"{"json_prompt":\#(Self.jsonPrompt),"rendering_speed":"QUALITY","resolution":"1280x720","seed":11,"enable_copyright_detection":true}"#)
            _ = try await expectImages(response, count: 1, resolution: "1280x720", client: client)
            expectV4Shape(response)
            let item = try #require((response.json["data"] as? [[String: Any]])?.first)
            #expect(item["prompt"] as? String == "A red fox reading a newspaper")
            #expect(item["seed"] as? Int == 11)
            #expect(response.headers[Self.charged] == "100000")
        }
        #expect(try await t.balance() == 10_000_000 - 100_000)
        // Usage-logged under its own operation and speed.
        let row = try #require(try await t.gateway.store.usage(accountID: t.accountID, limit: 1, offset: 0).first)
        #expect(row.operation == "v4.generate" && row.variant == "QUALITY" && row.chargedMicros == 100_000 && row.status == 200)
    }

    @Test func generateMultipartWithAJSONEncodedPromptPartAtTheRoot() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let form = MultipartForm([("json_prompt", Self.jsonPrompt), ("rendering_speed", "TURBO"), ("resolution", "720x1440")])
            let response = try await client.postForm("/v1/ideogram-v4/generate", key: t.key, form: form)
            _ = try await expectImages(response, count: 1, resolution: "720x1440", client: client)
            #expect(response.headers[Self.charged] == "30000")
        }
        #expect(try await t.balance() == 10_000_000 - 30_000)
    }

    @Test func generateWithATextPromptDefaultsToDefaultSpeedAndTheSquare() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let response = try await client.postJSON("/v1/ideogram-v4/generate", key: t.key, json: #"{"text_prompt":"a lighthouse","seed":null}"#)
            _ = try await expectImages(response, count: 1, resolution: "1024x1024", client: client)
            #expect((response.json["data"] as? [[String: Any]])?.first?["prompt"] as? String == "a lighthouse")
            #expect(response.headers[Self.charged] == "60000")
        }
        #expect(try await t.balance() == 10_000_000 - 60_000)
    }

    @Test func remixTakesTheImageAndTextPrompt() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("text_prompt", "watercolour"), ("image_weight", "100"), ("resolution", "1024x1024")])
            form.addFile("image", bytes: Fixtures.png(width: 128, height: 128))
            let response = try await client.postForm("/ideogram/v1/ideogram-v4/remix", key: t.key, form: form)
            let image = try #require(try await expectImages(response, count: 1, resolution: "1024x1024", client: client).first)
            expectV4Shape(response)
            // Weight 100 keeps the source: red on the left, blue on the right.
            let left = image.pixel(x: 100, y: 512), right = image.pixel(x: 900, y: 512)
            #expect(left.r > left.b && right.b > right.r)
            #expect(response.headers[Self.charged] == "60000")
        }
        #expect(try await t.balance() == 10_000_000 - 60_000)
    }

    @Test func imageToImageTakesAdditionalImagesAndTheSmallTier() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("prompt", "in the same style"), ("rendering_speed", "TURBO"), ("resolution", "512x512"), ("magic_prompt_option", "OFF")])
            form.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
            form.addFile("additional_images", bytes: Fixtures.png(width: 32, height: 32))
            form.addFile("additional_images", bytes: Fixtures.png(width: 32, height: 48))
            let response = try await client.postForm("/v1/ideogram-v4/image-to-image", key: t.key, form: form)
            _ = try await expectImages(response, count: 1, resolution: "512x512", client: client)
            expectV4Shape(response)
            #expect(response.headers[Self.charged] == "30000")
        }
        #expect(try await t.balance() == 10_000_000 - 30_000)
    }

    @Test func generateTransparentRendersAlphaWithinThePixelBudget() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let response = try await client.postJSON(
                "/ideogram/v1/ideogram-v4/generate-transparent", key: t.key,
                json: #"{"text_prompt":"a fox sticker","aspect_ratio":"16x9","output_resolution":"1K","rendering_speed":"TURBO"}"#)
            // 1K = 1024² pixels at 16:9, sides multiples of 16.
            let image = try #require(try await expectImages(response, count: 1, resolution: "1360x768", client: client).first)
            #expect(1360 * 768 <= 1024 * 1024)
            #expect(!image.isOpaque)
            expectV4Shape(response)
            #expect(response.headers[Self.charged] == "40000")
        }
        #expect(try await t.balance() == 10_000_000 - 40_000)
    }

    @Test func describeReturnsAJSONPromptThatGenerateAccepts() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("include_tags", "true"), ("include_style_descriptions", "true")])
            form.addFile("image_file", bytes: Fixtures.png(width: 96, height: 64))
            let described = try await client.postForm("/ideogram/v1/ideogram-v4/describe", key: t.key, form: form)
            #expect(described.status == .ok, "\(String(buffer: described.body))")
            let prompt = try #require(described.json["json_prompt"] as? [String: Any])
            #expect((prompt["high_level_description"] as? String)?.isEmpty == false)
            #expect(prompt["compositional_deconstruction"] is [String: Any])
            #expect(prompt["tags"] is [Any] && prompt["style_description"] is [String: Any])
            #expect(described.headers[Self.charged] == "10000")

            // Deterministic, and usable as is.
            let again = try await client.postForm("/v1/ideogram-v4/describe", key: t.key, form: form)
            #expect(NSDictionary(dictionary: again.json).isEqual(to: described.json))
            let data = try JSONSerialization.data(withJSONObject: ["json_prompt": prompt, "rendering_speed": "TURBO"])
            let generated = try await client.postJSON("/v1/ideogram-v4/generate", key: t.key, json: String(decoding: data, as: UTF8.self))
            _ = try await expectImages(generated, count: 1, resolution: "1024x1024", client: client)
        }
        #expect(try await t.balance() == 10_000_000 - 10_000 - 10_000 - 30_000)
    }

    @Test func magicPromptExpandsTextIntoAJSONPrompt() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let response = try await client.postJSON(
                "/ideogram/v1/ideogram-v4/magic-prompt", key: t.key, json: #"{"text_prompt":"a poster that says \"OPEN LATE\"","aspect_ratio":"9x16"}"#)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(response.json["aspect_ratio"] as? String == "9x16")
            let prompt = try #require(response.json["json_prompt"] as? [String: Any])
            let elements = (prompt["compositional_deconstruction"] as? [String: Any])?["elements"] as? [[String: Any]] ?? []
            #expect(elements.contains { $0["type"] as? String == "text" && $0["text"] as? String == "OPEN LATE" })
            #expect(response.headers[Self.charged] == "10000")
        }
        #expect(try await t.balance() == 10_000_000 - 10_000)
        let row = try #require(try await t.gateway.store.usage(accountID: t.accountID, limit: 1, offset: 0).first)
        #expect(row.operation == "v4.magic-prompt" && row.imagesDelivered == 1 && row.chargedMicros == 10_000)
    }

    @Test func ideogram45GeneratesAndBillsItsTier() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let oneK = try await client.postJSON(
                "/ideogram/v1/ideogram-v45/generate", key: t.key, json: #"{"text_prompt":"a teapot","rendering_speed":"QUALITY","resolution":"1024x1024"}"#)
            _ = try await expectImages(oneK, count: 1, resolution: "1024x1024", client: client)
            expectV4Shape(oneK)
            #expect(oneK.headers[Self.charged] == "100000")
            let form = MultipartForm([("json_prompt", Self.jsonPrompt), ("rendering_speed", "TURBO")])
            let auto = try await client.postForm("/v1/ideogram-v45/generate", key: t.key, form: form)
            _ = try await expectImages(auto, count: 1, resolution: "1024x1024", client: client)
            #expect(auto.headers[Self.charged] == "30000")
            // "auto bills as 2K": the dry run names the tier it priced.
            let quote = try await client.postJSON(
                "/v1/ideogram-v45/generate?dry_run=true", key: t.key, json: #"{"text_prompt":"a teapot","rendering_speed":"TURBO"}"#)
            #expect(quote.json["variant"] as? String == "TURBO+2K")
        }
        #expect(try await t.balance() == 10_000_000 - 100_000 - 30_000)
    }

    @Test func pricesAreSeededAndListed() async throws {
        let t = try await TestGateway.make()
        let token = try await t.installAdminToken()
        try await t.test { client in
            let prices = try await client.admin(.get, "/admin/v1/prices", token: token).list
            func price(_ op: String, _ variant: String) -> Int? {
                prices.first { $0["operation"] as? String == op && $0["variant"] as? String == variant }?["micros"] as? Int
            }
            #expect(price("v4.generate", "TURBO") == 30_000 && price("v4.generate", "DEFAULT") == 60_000 && price("v4.generate", "QUALITY") == 100_000)
            #expect(price("v45.generate", "QUALITY") == 100_000 && price("v45.generate", "QUALITY+2K") == 100_000)
            #expect(price("v4.generate-transparent", "DEFAULT") == 70_000)
            #expect(price("v4.describe", "*") == 10_000 && price("v4.magic-prompt", "*") == 10_000)
            // The 2K tier is the operator's to set.
            let set = try await client.admin(.put, "/admin/v1/prices/v45.generate/DEFAULT%2B2K", token: token, json: #"{"micros":90000}"#)
            #expect(set.status == .ok, "\(String(buffer: set.body))")
            let r = try await client.postJSON("/v1/ideogram-v45/generate", key: t.key, json: #"{"text_prompt":"x","resolution":"2048x2048"}"#)
            #expect(r.headers[Self.charged] == "90000")
        }
    }
}
