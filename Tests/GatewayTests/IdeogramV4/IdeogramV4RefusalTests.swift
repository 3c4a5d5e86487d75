import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// What Ideogram 4 refuses, refused before anything is held: each a 400 with a code, and the
/// balance untouched.
@Suite struct IdeogramV4RefusalTests {
    static let generate = "/ideogram/v1/ideogram-v4/generate"

    func expectRefused(
        _ response: TestResponse, code: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == .badRequest, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        #expect(response.errorCode == code, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("X-Ideogate-Charged-Micros")!] == nil, sourceLocation: sourceLocation)
    }

    @Test func promptsMustBeExactlyOne() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let both = #"{"text_prompt":"a fox","json_prompt":{"high_level_description":"a fox","compositional_deconstruction":{"background":"b","elements":[]}}}"#
            expectRefused(try await client.postJSON(Self.generate, key: t.key, json: both), code: "conflicting_prompts")
            expectRefused(try await client.postJSON(Self.generate, key: t.key, json: #"{"rendering_speed":"TURBO"}"#), code: "prompt_required")
            expectRefused(try await client.postJSON(Self.generate, key: t.key, json: #"{"text_prompt":"   "}"#), code: "prompt_required")
            expectRefused(try await client.postJSON("/v1/ideogram-v45/generate", key: t.key, json: "{}"), code: "prompt_required")
            expectRefused(
                try await client.postJSON("/v1/ideogram-v4/generate-transparent", key: t.key, json: #"{"aspect_ratio":"1x1"}"#), code: "prompt_required")
            // A json_prompt that is not a V4JsonPrompt, as a JSON value and as a form part.
            expectRefused(try await client.postJSON(Self.generate, key: t.key, json: #"{"json_prompt":"a fox"}"#), code: "invalid_json")
            expectRefused(try await client.postJSON(Self.generate, key: t.key, json: #"{"json_prompt":{"tags":[]}}"#), code: "invalid_json_prompt")
            let form = MultipartForm([("json_prompt", #"{"high_level_description":"x"}"#)])
            expectRefused(try await client.postForm(Self.generate, key: t.key, form: form), code: "invalid_json_prompt")
        }
        #expect(try await t.balance() == 10_000_000)
        // Each refusal is logged, at no charge.
        let rows = try await t.gateway.store.usage(accountID: t.accountID, limit: 100, offset: 0)
        #expect(rows.count == 8 && rows.allSatisfy { $0.status == 400 && $0.chargedMicros == 0 })
    }

    @Test func flashAndUnknownSizesAreRefused() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            expectRefused(
                try await client.postJSON(Self.generate, key: t.key, json: #"{"text_prompt":"x","rendering_speed":"FLASH"}"#),
                code: "unsupported_rendering_speed")
            expectRefused(
                try await client.postJSON("/v1/ideogram-v45/generate", key: t.key, json: #"{"text_prompt":"x","rendering_speed":"flash"}"#),
                code: "unsupported_rendering_speed")
            expectRefused(
                try await client.postJSON("/v1/ideogram-v4/generate-transparent", key: t.key, json: #"{"text_prompt":"x","rendering_speed":"FLASH"}"#),
                code: "invalid_enum")
            // 512x512 is an image-to-image size only; 1280x800 is V3's and V4's; 1312x736 only V3's.
            expectRefused(try await client.postJSON(Self.generate, key: t.key, json: #"{"text_prompt":"x","resolution":"512x512"}"#), code: "invalid_enum")
            expectRefused(try await client.postJSON(Self.generate, key: t.key, json: #"{"text_prompt":"x","resolution":"1312x736"}"#), code: "invalid_enum")
            expectRefused(
                try await client.postJSON("/v1/ideogram-v4/generate-transparent", key: t.key, json: #"{"text_prompt":"x","output_resolution":"16K"}"#),
                code: "invalid_enum")
            expectRefused(
                try await client.postJSON("/v1/ideogram-v4/magic-prompt", key: t.key, json: #"{"text_prompt":"x","aspect_ratio":"7x3"}"#),
                code: "invalid_enum")
        }
        #expect(try await t.balance() == 10_000_000)
    }

    @Test func imagesAreRequiredAndBounded() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let remix = MultipartForm([("text_prompt", "x")])
            expectRefused(try await client.postForm("/v1/ideogram-v4/remix", key: t.key, form: remix), code: "missing_field")
            var noPrompt = MultipartForm([("image_weight", "20")])
            noPrompt.addFile("image", bytes: Fixtures.png())
            expectRefused(try await client.postForm("/v1/ideogram-v4/remix", key: t.key, form: noPrompt), code: "missing_field")
            var weight = MultipartForm([("text_prompt", "x"), ("image_weight", "101")])
            weight.addFile("image", bytes: Fixtures.png())
            expectRefused(try await client.postForm("/v1/ideogram-v4/remix", key: t.key, form: weight), code: "out_of_range")

            expectRefused(
                try await client.postForm("/v1/ideogram-v4/image-to-image", key: t.key, form: MultipartForm([("prompt", "x")])), code: "missing_field")
            var many = MultipartForm([("prompt", "x")])
            many.addFile("image", bytes: Fixtures.png())
            for _ in 0..<5 { many.addFile("additional_images", bytes: Fixtures.png(width: 16, height: 16)) }
            expectRefused(try await client.postForm("/v1/ideogram-v4/image-to-image", key: t.key, form: many), code: "too_many_images")
            expectRefused(
                try await client.postForm("/v1/ideogram-v4/describe", key: t.key, form: MultipartForm([("include_tags", "true")])), code: "missing_field")
            // Multipart-only and JSON-only bodies, as the spec declares them: 415.
            let json = try await client.postJSON("/v1/ideogram-v4/remix", key: t.key, json: #"{"text_prompt":"x"}"#)
            let form = try await client.postForm("/v1/ideogram-v4/magic-prompt", key: t.key, form: MultipartForm([("text_prompt", "x")]))
            for response in [json, form] {
                #expect(response.status == .unsupportedMediaType && response.errorCode == "unsupported_content_type")
            }
        }
        #expect(try await t.balance() == 10_000_000)
    }

    @Test func webhookOnlyAsyncRoutesNeedTheWebhook() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            expectRefused(
                try await client.postJSON("/v1/ideogram-v45/async/generate", key: t.key, json: #"{"text_prompt":"x"}"#), code: "missing_webhook_url")
            var form = MultipartForm([("prompt", "x")])
            form.addFile("image", bytes: Fixtures.png())
            expectRefused(try await client.postForm("/ideogram/v1/ideogram-v4/async/image-to-image", key: t.key, form: form), code: "missing_webhook_url")
            // Validation still comes first on the async twin.
            expectRefused(
                try await client.postJSON("/v1/ideogram-v4/async/generate", key: t.key, json: #"{"text_prompt":"x","rendering_speed":"FLASH"}"#),
                code: "unsupported_rendering_speed")
        }
        #expect(try await t.balance() == 10_000_000)
    }
}
