import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ImageCodec
import NIOCore
import Testing

/// Replays of the exact requests third-party clients send, so that they keep working against
/// Ideogate unchanged:
/// - ComfyUI's Ideogram API nodes (`comfy_api_nodes/nodes_ideogram.py`) started with
///   `--comfy-api-base`: `/proxy/ideogram/…` paths, V3 paths without `/v1`, `X-API-KEY`, and
///   the non-official `ASPECT_2_1`-style ratios of their V1/V2 nodes.
/// - Cherry Studio's Ideogram painting page (its AiHubMix provider), with Ideogate's address as
///   API host: `Api-Key`, browser FormData (files named `blob`), JSON `image_request`.
@Suite struct ClientCompatibilityTests {
    static let charged = HTTPField.Name("X-Ideogate-Charged-Micros")!

    // MARK: ComfyUI

    /// ComfyUI's ApiClient headers: JSON content type and accept, and the API key it was given.
    static func comfyHeaders(_ key: String, contentType: String = "application/json") -> HTTPFields {
        var headers: HTTPFields = [.contentType: contentType, .accept: "application/json"]
        headers[HTTPField.Name("X-API-KEY")!] = key
        return headers
    }

    @Test func comfyIdeogramV1WithANonOfficialRatio() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            // IdeogramV1 node, turbo off, aspect 2:1, magic prompt AUTO (omitted), seed 0.
            let body = #"{"image_request": {"prompt": "a paper crane", "model": "V_1", "num_images": 1, "seed": 0, "aspect_ratio": "ASPECT_2_1"}}"#
            let response = try await client.execute(
                uri: "/proxy/ideogram/generate", method: .post, headers: Self.comfyHeaders(t.key), body: ByteBuffer(string: body))
            // 1.0 has no 2:1: the nearest official ratio, 16:9, at its 1.0 size.
            _ = try await expectImages(response, count: 1, resolution: "1280x720", client: client)
        }
    }

    @Test func comfyIdeogramV2WithNonOfficialRatios() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            for (ratio, size) in [("ASPECT_4_5", "896x1120"), ("ASPECT_5_4", "1120x896"), ("ASPECT_1_2", "704x1408"), ("ASPECT_2_1", "1408x704")] {
                let body = #"{"image_request": {"prompt": "a lighthouse", "model": "V_2_TURBO", "num_images": 2, "seed": 0, "aspect_ratio": "\#(ratio)", "style_type": "ANIME", "negative_prompt": "blurry"}}"#
                let response = try await client.execute(
                    uri: "/proxy/ideogram/generate", method: .post, headers: Self.comfyHeaders(t.key), body: ByteBuffer(string: body))
                _ = try await expectImages(response, count: 2, resolution: size, client: client)
                #expect(response.headers[Self.charged] == "100000")
            }
            // The V2 node's explicit resolution ("1024 x 640").
            let body = #"{"image_request": {"prompt": "a lighthouse", "model": "V_2", "num_images": 1, "seed": 5, "resolution": "RESOLUTION_1024_640"}}"#
            let response = try await client.execute(
                uri: "/proxy/ideogram/generate", method: .post, headers: Self.comfyHeaders(t.key), body: ByteBuffer(string: body))
            _ = try await expectImages(response, count: 1, resolution: "1024x640", client: client)
        }
    }

    @Test func comfyIdeogramV3GenerateAndEdit() async throws {
        let t = try await TestGateway.make()
        try await t.gateway.makeRouterTest { client in
            let body = #"{"prompt": "a neon sign", "rendering_speed": "BALANCED", "aspect_ratio": "16x9", "magic_prompt": "OFF", "seed": 42, "num_images": 2}"#
            let generated = try await client.execute(
                uri: "/proxy/ideogram/ideogram-v3/generate", method: .post, headers: Self.comfyHeaders(t.key), body: ByteBuffer(string: body))
            _ = try await expectImages(generated, count: 2, resolution: "1312x736", client: client)
            #expect(generated.headers[Self.charged] == "120000")

            // Edit mode: requests' multipart from data= (the request model) then files= (BytesIO
            // named image.png / mask.png, no part Content-Type); the mask already inverted to black-is-edited.
            let boundary = "a3f1c6d2e9b84f0c9d7e6b5a4c3d2e1f"
            var form = ByteBuffer()
            for (name, value) in [("prompt", "a red balloon"), ("rendering_speed", "BALANCED")] {
                form.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
            }
            for (name, bytes) in [("image", Fixtures.png(width: 1024, height: 1024)), ("mask", Fixtures.mask(width: 1024, height: 1024))] {
                form.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(name).png\"\r\n\r\n")
                var copy = bytes
                form.writeBuffer(&copy)
                form.writeString("\r\n")
            }
            form.writeString("--\(boundary)--\r\n")
            var headers = Self.comfyHeaders(t.key, contentType: "multipart/form-data; boundary=\(boundary)")
            headers[.accept] = "application/json"
            let edited = try await client.execute(uri: "/proxy/ideogram/ideogram-v3/edit", method: .post, headers: headers, body: form)
            let image = try #require(try await expectImages(edited, count: 1, resolution: "1024x1024", client: client).first)
            #expect(image.pixel(x: 900, y: 900) == RGBA(r: 30, g: 30, b: 200))
        }
    }

    @Test func comfySignedInBearerAndMissingKey() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var headers: HTTPFields = [.contentType: "application/json", .accept: "application/json"]
            headers[.authorization] = "Bearer \(t.key)"
            let response = try await client.execute(
                uri: "/proxy/ideogram/v1/ideogram-v3/generate", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"prompt": "x", "rendering_speed": "TURBO"}"#))
            #expect(response.status == .ok)
            let anonymous = try await client.execute(
                uri: "/proxy/ideogram/ideogram-v3/generate", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"prompt": "x"}"#))
            #expect(anonymous.status == .unauthorized)
            // X-API-KEY is ComfyUI's header on its paths only.
            let elsewhere = try await client.execute(
                uri: "/ideogram/v1/ideogram-v3/generate", method: .post, headers: Self.comfyHeaders(t.key),
                body: ByteBuffer(string: #"{"prompt": "x"}"#))
            #expect(elsewhere.status == .unauthorized)
        }
    }

    // MARK: Cherry Studio

    /// Browser FormData: `Blob`s without a name arrive as `filename="blob"`.
    static func cherryForm(_ fields: [(String, String)], file name: String, bytes: ByteBuffer) -> MultipartForm {
        var form = MultipartForm(fields)
        form.addFile(name, filename: "blob", contentType: "image/png", bytes: bytes)
        return form
    }

    @Test func cherryStudioV3GenerateAndRemix() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let generate = MultipartForm([
                ("prompt", "a tea house"), ("rendering_speed", "DEFAULT"), ("num_images", "1"), ("aspect_ratio", "16x9"),
                ("style_type", "AUTO"), ("magic_prompt", "OFF"),
            ])
            let generated = try await client.postForm("/ideogram/v1/ideogram-v3/generate", key: t.key, form: generate)
            _ = try await expectImages(generated, count: 1, resolution: "1312x736", client: client)

            let remix = Self.cherryForm([
                ("prompt", "as a woodcut"), ("rendering_speed", "TURBO"), ("num_images", "2"), ("aspect_ratio", "1x1"),
                ("style_type", "GENERAL"), ("seed", "7"), ("magic_prompt", "ON"), ("image_weight", "50"),
            ], file: "image", bytes: Fixtures.png(width: 128, height: 128))
            let remixed = try await client.postForm("/ideogram/v1/ideogram-v3/remix", key: t.key, form: remix)
            _ = try await expectImages(remixed, count: 2, resolution: "1024x1024", client: client)
        }
    }

    @Test func cherryStudioLegacyGenerateRemixUpscale() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let generated = try await client.postJSON(
                "/ideogram/generate", key: t.key,
                json: #"{"image_request":{"prompt":"a kite","model":"V_2","aspect_ratio":"ASPECT_16_9","num_images":1,"style_type":"AUTO","magic_prompt_option":"OFF"}}"#)
            _ = try await expectImages(generated, count: 1, resolution: "1312x736", client: client)

            let remixRequest = #"{"prompt":"in winter","model":"V_2","aspect_ratio":"ASPECT_1_1","image_weight":50,"style_type":"AUTO","num_images":1,"seed":3,"magic_prompt_option":"OFF"}"#
            let remix = Self.cherryForm([("image_request", remixRequest)], file: "image_file", bytes: Fixtures.png(width: 128, height: 128))
            let remixed = try await client.postForm("/ideogram/remix", key: t.key, form: remix)
            _ = try await expectImages(remixed, count: 1, resolution: "1024x1024", client: client)

            let upscaleRequest = #"{"prompt":"","resemblance":50,"detail":50,"num_images":1,"magic_prompt_option":"AUTO"}"#
            let upscale = Self.cherryForm([("image_request", upscaleRequest)], file: "image_file", bytes: Fixtures.png(width: 128, height: 96))
            let upscaled = try await client.postForm("/ideogram/upscale", key: t.key, form: upscale)
            _ = try await expectImages(upscaled, count: 1, resolution: "256x192", client: client)
        }
    }
}
