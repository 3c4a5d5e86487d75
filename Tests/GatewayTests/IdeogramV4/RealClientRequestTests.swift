import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// What real clients send that a gateway built from the spec alone would refuse (issue 14,
/// item 6): Ideogram's own model names on the OpenAI surface, the order of errors a new user
/// meets, a prompt for prompt-less upscales, AiHubMix's paths and nameless form parts.
@Suite struct RealClientRequestTests {
    static let charged = HTTPField.Name("X-Ideogate-Charged-Micros")!

    @Test(arguments: [
        ("V_3", 60_000), ("V_2", 80_000), ("V_2A", 40_000), ("V_2_TURBO", 50_000), ("V_2A_TURBO", 25_000),
        ("V_1", 60_000), ("V_1_TURBO", 20_000), ("v_2a", 40_000),
    ])
    func ideogramModelNamesServeOnTheOpenAISurface(model: String, price: Int) async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let r = try await client.openAI("/v1/images/generations", key: t.key, json: #"{"model":"\#(model)","prompt":"an owl"}"#)
            #expect(r.status == .ok, "\(model): \(String(buffer: r.body))")
            #expect(r.headers[Self.charged] == String(price), "\(model)")
        }
        #expect(try await t.balance() == 10_000_000 - Int64(price))
    }

    @Test func anUnknownModelIsReportedBeforeAWrongKey() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let unknown = try await client.openAI("/v1/images/generations", key: "sk-wrong", json: #"{"model":"V_9","prompt":"an owl"}"#)
            #expect(unknown.status == .badRequest)
            #expect((unknown.json["error"] as? [String: Any])?["code"] as? String == "model_not_found")
            // A known model with the wrong key is the key's problem.
            let known = try await client.openAI("/v1/images/generations", key: "sk-wrong", json: #"{"model":"V_2","prompt":"an owl"}"#)
            #expect(known.status == .unauthorized)
            // Without any key the headers alone decide: nothing of the body is read.
            let none = try await client.openAI("/v1/images/generations", key: nil, json: #"{"model":"dall-e-3","prompt":"an owl"}"#)
            #expect(none.status == .unauthorized)
        }
    }

    @Test func ideogram4ModelsOnTheOpenAISurface() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let models = try await client.execute(uri: "/v1/models", method: .get, headers: [.authorization: "Bearer \(t.key)"])
            let ids = (models.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            #expect(ids.contains("ideogram-v4") && ids.contains("ideogram-v4-5"))

            let v4 = try await client.openAI(
                "/v1/images/generations", key: t.key, json: #"{"model":"ideogram-v4","prompt":"an owl","quality":"high","size":"1280x720"}"#)
            #expect(v4.status == .ok, "\(String(buffer: v4.body))")
            #expect(v4.headers[Self.charged] == "100000")
            let v45 = try await client.openAI(
                "/v1/images/generations", key: t.key, json: #"{"model":"ideogram-v4-5","prompt":"an owl","quality":"low","size":"1024x1024"}"#)
            #expect(v45.status == .ok, "\(String(buffer: v45.body))")
            #expect(v45.headers[Self.charged] == "30000")
            let many = try await client.openAI("/v1/images/generations", key: t.key, json: #"{"model":"ideogram-v4","prompt":"an owl","n":2}"#)
            #expect(many.status == .badRequest)
            // background: transparent is Ideogram 4's generate-transparent; 4.5 has none.
            let sticker = try await client.openAI(
                "/v1/images/generations", key: t.key, json: #"{"model":"ideogram-v4","prompt":"a sticker","background":"transparent","size":"1792x1024"}"#)
            #expect(sticker.status == .ok, "\(String(buffer: sticker.body))")
            #expect(sticker.headers[Self.charged] == "70000")
            let none = try await client.openAI(
                "/v1/images/generations", key: t.key, json: #"{"model":"ideogram-v4-5","prompt":"a sticker","background":"transparent"}"#)
            #expect(none.status == .badRequest)
        }
        #expect(try await t.balance() == 10_000_000 - 130_000 - 70_000)
    }

    @Test func legacyUpscaleWithoutAPromptReportsAGeneratedOne() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var form = MultipartForm([("image_request", "{}")])
            form.addFile("image_file", bytes: Fixtures.png(width: 64, height: 64))
            let r = try await client.postForm("/ideogram/upscale", key: t.key, form: form)
            _ = try await expectImages(r, count: 1, resolution: "128x128", client: client)
            let prompt = (r.json["data"] as? [[String: Any]])?.first?["prompt"] as? String ?? ""
            #expect(!prompt.isEmpty)
        }
    }

    @Test func aiHubMixPathsServeTheLegacyOperations() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let generated = try await client.postJSON(
                "/ideogram/aihubmix_image_generate", key: t.key, json: #"{"image_request":{"prompt":"an owl","model":"V_2_TURBO"}}"#)
            _ = try await expectImages(generated, count: 1, resolution: "1024x1024", client: client)
            #expect(generated.headers[Self.charged] == "50000")

            var remix = MultipartForm([("image_request", #"{"prompt":"watercolour","model":"V_2"}"#)])
            remix.addFile("image_file", bytes: Fixtures.png())
            let remixed = try await client.postForm("/ideogram/aihubmix_image_remix", key: t.key, form: remix)
            _ = try await expectImages(remixed, count: 1, resolution: "1024x1024", client: client)

            var upscale = MultipartForm([("image_request", "{}")])
            upscale.addFile("image_file", bytes: Fixtures.png(width: 32, height: 32))
            let upscaled = try await client.postForm("/ideogram/aihubmix_image_upscale", key: t.key, form: upscale)
            _ = try await expectImages(upscaled, count: 1, resolution: "64x64", client: client)
        }
        #expect(try await t.balance() == 10_000_000 - 50_000 - 80_000 - 60_000)
    }

    @Test func partsWithAnEmptyNameAreIgnoredOnEverySurface() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var native = MultipartForm([("text_prompt", "an owl"), ("", "stray"), ("rendering_speed", "TURBO")])
            native.addFile("", bytes: Fixtures.png())
            let r = try await client.postForm("/v1/ideogram-v4/generate", key: t.key, form: native)
            #expect(r.status == .ok, "\(String(buffer: r.body))")

            var edit = MultipartForm([("model", "ideogram-v3"), ("prompt", "a hat"), ("", "stray")])
            edit.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
            edit.addFile("mask", filename: "mask.png", bytes: OpenAIFixtures.alphaMask(width: 64, height: 64))
            edit.addFile("", bytes: Fixtures.png())
            let edited = try await client.openAIForm("/v1/images/edits", key: t.key, form: edit)
            #expect(edited.status == .ok, "\(String(buffer: edited.body))")
        }
    }
}
