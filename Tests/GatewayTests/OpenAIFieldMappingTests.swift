import Foundation
@testable import Gateway
import HTTPTypes
import HummingbirdTesting
import IdeogramAPI
import ImageCodec
import NIOCore
import OpenAIAPI
import Testing

/// `seed`, `negative_prompt`, `magic_prompt`, `background` and `output_format` on the OpenAI
/// surface: each reaches the upstream as its Ideogram field, or is refused with a 400 naming it.
@Suite struct OpenAIFieldMappingTests {
    /// Sends one OpenAI request through a fake Ideogram and returns what the fake received.
    static func upstreamRequest(
        json: String? = nil, form: MultipartForm? = nil
    ) async throws -> (status: HTTPResponse.Status, request: IdeogramRequest?, body: String) {
        let rig = try await ChannelRig.make([.init(name: "fake")])
        let outcome = Outcome()
        try await rig.run { client in
            let response: TestResponse
            if let json {
                response = try await client.openAI("/v1/images/generations", key: rig.t.key, json: json)
            } else if let form {
                response = try await client.openAIForm("/v1/images/edits", key: rig.t.key, form: form)
            } else {
                return
            }
            await outcome.set(response.status, String(buffer: response.body))
        }
        let requests = await rig.fakes[0].state.requests
        let (status, body) = await outcome.value
        return (status, requests.last, body)
    }

    actor Outcome {
        var value: (HTTPResponse.Status, String) = (.internalServerError, "")
        func set(_ status: HTTPResponse.Status, _ body: String) { value = (status, body) }
    }

    @Test func v3GenerateReceivesSeedNegativePromptAndMagicPrompt() async throws {
        let (status, request, body) = try await Self.upstreamRequest(
            json: #"{"model":"ideogram-v3","prompt":"a harbour","seed":42,"negative_prompt":"fog","magic_prompt":"off","output_format":"png","background":"opaque"}"#)
        #expect(status == .ok, "\(body)")
        let sent = try #require(request)
        #expect(sent.operation == .v3Generate)
        #expect(sent.seed == 42)
        #expect(sent.fields["negative_prompt"]?.stringValue == "fog")
        #expect(sent.fields["magic_prompt"]?.stringValue == "OFF")
        #expect(sent.fields["background"] == nil && sent.fields["output_format"] == nil)
    }

    @Test func transparentBackgroundUsesGenerateTransparent() async throws {
        let (status, request, body) = try await Self.upstreamRequest(
            json: #"{"model":"ideogram-v3-turbo","prompt":"a sticker","background":"transparent","size":"1024x1024","magic_prompt":true,"seed":7}"#)
        #expect(status == .ok, "\(body)")
        let sent = try #require(request)
        #expect(sent.operation == .v3GenerateTransparent)
        // generate-transparent takes no `resolution`: the size travels as its aspect ratio.
        #expect(sent.fields["aspect_ratio"]?.stringValue == "1x1")
        #expect(sent.fields["resolution"] == nil)
        #expect(sent.fields["rendering_speed"]?.stringValue == "TURBO")
        #expect(sent.fields["magic_prompt"]?.stringValue == "ON")
        #expect(sent.seed == 7)
    }

    @Test func legacyGenerateReceivesTheLegacyNames() async throws {
        let (status, request, body) = try await Self.upstreamRequest(
            json: #"{"model":"ideogram-v2","prompt":"an owl","seed":"9","negative_prompt":"blur","magic_prompt":"ON"}"#)
        #expect(status == .ok, "\(body)")
        let sent = try #require(request)
        #expect(sent.operation == .generate)
        #expect(sent.seed == 9)
        #expect(sent.fields["negative_prompt"]?.stringValue == "blur")
        #expect(sent.fields["magic_prompt_option"]?.stringValue == "ON")
        #expect(sent.fields["magic_prompt"] == nil)
    }

    @Test func editsReceiveSeedAndMagicPrompt() async throws {
        var form = MultipartForm([("prompt", "a red door"), ("model", "ideogram-v3-turbo"), ("seed", "1234"), ("magic_prompt", "auto")])
        form.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
        form.addFile("mask", bytes: OpenAIFixtures.alphaMask(width: 64, height: 64))
        let (status, request, body) = try await Self.upstreamRequest(form: form)
        #expect(status == .ok, "\(body)")
        let sent = try #require(request)
        #expect(sent.operation == .v3Edit)
        #expect(sent.seed == 1234)
        #expect(sent.fields["magic_prompt"]?.stringValue == "AUTO")

        var legacy = MultipartForm([("prompt", "a hat"), ("model", "ideogram-v2"), ("seed", "5"), ("magic_prompt", "off")])
        legacy.addFile("image", bytes: OpenAIFixtures.imageWithHole(width: 64, height: 64))
        let (legacyStatus, legacyRequest, legacyBody) = try await Self.upstreamRequest(form: legacy)
        #expect(legacyStatus == .ok, "\(legacyBody)")
        #expect(legacyRequest?.operation == .edit)
        #expect(legacyRequest?.seed == 5)
        #expect(legacyRequest?.fields["magic_prompt_option"]?.stringValue == "OFF")
    }

    /// What Ideogram cannot honour is a 400 in OpenAI's shape, naming the parameter, and nothing
    /// reaches the upstream or the balance.
    @Test func unhonourableValuesAreRefused() async throws {
        let rig = try await ChannelRig.make([.init(name: "fake")])
        let refusals: [(String, String, String)] = [
            (#"{"prompt":"x","output_format":"jpeg"}"#, "output_format", "unsupported_output_format"),
            (#"{"prompt":"x","output_format":"webp"}"#, "output_format", "unsupported_output_format"),
            (#"{"prompt":"x","model":"ideogram-v2","background":"transparent"}"#, "background", "unsupported_background"),
            (#"{"prompt":"x","background":"glass"}"#, "background", "invalid_background"),
            (#"{"prompt":"x","model":"ideogram-v2a","negative_prompt":"fog"}"#, "negative_prompt", "unsupported_negative_prompt"),
            (#"{"prompt":"x","seed":-1}"#, "seed", "invalid_seed"),
            (#"{"prompt":"x","seed":2147483648}"#, "seed", "invalid_seed"),
            (#"{"prompt":"x","seed":"soon"}"#, "seed", "invalid_seed"),
            (#"{"prompt":"x","magic_prompt":"maybe"}"#, "magic_prompt", "invalid_magic_prompt"),
            (#"{"prompt":"x","negative_prompt":3}"#, "negative_prompt", "invalid_negative_prompt"),
        ]
        try await rig.run { client in
            for (json, param, code) in refusals {
                let response = try await client.openAI("/v1/images/generations", key: rig.t.key, json: json)
                #expect(response.status == .badRequest, "\(json)")
                #expect(response.openAIError?["param"] as? String == param, "\(json)")
                #expect(response.openAIError?["code"] as? String == code, "\(json): \(String(buffer: response.body))")
                #expect(response.openAIError?["type"] as? String == "invalid_request_error")
            }
            var edit = MultipartForm([("prompt", "x"), ("negative_prompt", "fog")])
            edit.addFile("image", bytes: OpenAIFixtures.imageWithHole(width: 64, height: 64))
            let noNegative = try await client.openAIForm("/v1/images/edits", key: rig.t.key, form: edit)
            #expect(noNegative.status == .badRequest)
            #expect(noNegative.openAIError?["param"] as? String == "negative_prompt")

            var transparentEdit = MultipartForm([("prompt", "x"), ("background", "transparent")])
            transparentEdit.addFile("image", bytes: OpenAIFixtures.imageWithHole(width: 64, height: 64))
            let noTransparent = try await client.openAIForm("/v1/images/edits", key: rig.t.key, form: transparentEdit)
            #expect(noTransparent.status == .badRequest)
            #expect(noTransparent.openAIError?["param"] as? String == "background")
        }
        #expect(await rig.fakes[0].state.calls == 0)
    }

    /// A form that carries the boundary of the native call it becomes could smuggle fields into it.
    @Test func editsRefuseTheNativeBoundary() throws {
        var form = MultipartForm([("prompt", "x\r\n--\(MultipartBody.boundary)\r\nContent-Disposition: form-data; name=\"num_images\"\r\n\r\n8")])
        form.addFile("image", bytes: OpenAIFixtures.imageWithHole(width: 16, height: 16))
        #expect(throws: OpenAIRequestError.self) {
            _ = try OpenAIEditRequest(contentType: form.contentType, body: form.finished.body)
        }
    }
}
