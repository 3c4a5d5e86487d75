import Foundation
@testable import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IdeogramAPI
import ImageCodec
import NIOCore
import OpenAIAPI
import Testing

/// The OpenAI-compatible images API: request mapping, OpenAI's response and error shapes, and
/// billing identical to the native call each request stands for.
@Suite struct OpenAITests {
    static let charged = HTTPField.Name("X-Ideogate-Charged-Micros")!

    @Test func generationsAnswerURLs() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let response = try await client.openAI("/v1/images/generations", key: t.key, json: #"{"model":"ideogram-v3","prompt":"an owl","size":"1024x1024","user":"u-1"}"#)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(response.json["created"] is Int)
            let data = try #require(response.json["data"] as? [[String: Any]])
            #expect(data.count == 1)
            let url = try #require(data.first?["url"] as? String)
            #expect(data.first?["b64_json"] == nil)
            let components = try #require(URLComponents(string: url))
            let file = try await client.execute(uri: components.path + "?" + (components.percentEncodedQuery ?? ""), method: .get)
            let raster = try PNG.decode(file.body)
            #expect(raster.width == 1024 && raster.height == 1024)
            #expect(response.headers[Self.charged] == "60000")
        }
        #expect(try await t.balance() == 10_000_000 - 60_000)
    }

    @Test func generationsAnswerBase64() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let response = try await client.openAI(
                "/v1/images/generations", key: t.key,
                json: #"{"model":"ideogram-v3-turbo","prompt":"a fox","size":"1792x1024","n":2,"response_format":"b64_json"}"#)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let data = try #require(response.json["data"] as? [[String: Any]])
            #expect(data.count == 2)
            for item in data {
                #expect(item["url"] == nil)
                let b64 = try #require(item["b64_json"] as? String)
                let bytes = try #require(Data(base64Encoded: b64))
                let raster = try PNG.decode(ByteBuffer(bytes: bytes))
                // 1792x1024 is nearest to 16:9, which Ideogram renders at 1312x736.
                #expect(raster.width == 1312 && raster.height == 736)
            }
            #expect(response.headers[Self.charged] == "60000")
        }
    }

    @Test func sizesMapToIdeogramSizes() throws {
        func fields(_ model: String, _ size: String?) throws -> [String: String] {
            let options = try OpenAIImageOptions(model: model, prompt: "x", n: 1, size: size, quality: nil, style: nil, responseFormat: nil)
            return options.sizeFields().compactMapValues { $0 as? String }
        }
        #expect(try fields("ideogram-v3", nil) == [:])
        #expect(try fields("ideogram-v3", "auto") == [:])
        #expect(try fields("ideogram-v3", "1024x1024") == ["resolution": "1024x1024"])
        #expect(try fields("ideogram-v3", "1280x800") == ["resolution": "1280x800"])
        #expect(try fields("ideogram-v3", "1792x1024") == ["aspect_ratio": "16x9"])
        #expect(try fields("ideogram-v3", "1024x1792") == ["aspect_ratio": "9x16"])
        #expect(try fields("ideogram-v3", "1536x1024") == ["aspect_ratio": "3x2"])
        #expect(try fields("ideogram-v3", "1024x1536") == ["aspect_ratio": "2x3"])
        #expect(try fields("ideogram-v3", "512x512") == ["aspect_ratio": "1x1"])
        #expect(try fields("ideogram-v2", "1024x1024") == ["resolution": "RESOLUTION_1024_1024"])
        #expect(try fields("ideogram-v2", "1792x1024") == ["aspect_ratio": "ASPECT_16_9"])
        #expect(try fields("ideogram-v2", "2000x1000") == ["resolution": "RESOLUTION_1408_704"])
        #expect(throws: OpenAIRequestError.self) { try fields("ideogram-v3", "big") }
    }

    @Test func qualityAndModelPickTheRenderingSpeed() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let cases: [(String, String)] = [
                (#""model":"ideogram-v3""#, "DEFAULT"),
                (#""model":"ideogram-v3","quality":"low""#, "TURBO"),
                (#""model":"ideogram-v3","quality":"standard""#, "DEFAULT"),
                (#""model":"ideogram-v3","quality":"medium""#, "DEFAULT"),
                (#""model":"ideogram-v3","quality":"hd""#, "QUALITY"),
                (#""model":"ideogram-v3","quality":"high""#, "QUALITY"),
                (#""quality":"auto""#, "DEFAULT"),
                (#""model":"ideogram-v3-turbo","quality":"hd""#, "TURBO"),
                (#""model":"ideogram-v3-quality""#, "QUALITY"),
                (#""model":"ideogram-v2""#, "V_2"),
                (#""model":"ideogram-v2","quality":"low""#, "V_2_TURBO"),
                (#""model":"ideogram-v2-turbo""#, "V_2_TURBO"),
                (#""model":"ideogram-v2a""#, "V_2A"),
                (#""model":"ideogram-v2a-turbo""#, "V_2A_TURBO"),
            ]
            for (fields, variant) in cases {
                let response = try await client.openAI(
                    "/v1/images/generations?dry_run=true", key: t.key, json: #"{"prompt":"a cat","n":3,"#, fields: fields)
                #expect(response.status == .ok, "\(fields): \(String(buffer: response.body))")
                #expect(response.json["variant"] as? String == variant, "\(fields)")
                #expect(response.json["num_images"] as? Int == 3)
            }
        }
    }

    @Test func nImagesAreReturned() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let response = try await client.openAI(
                "/v1/images/generations", key: t.key, json: #"{"model":"ideogram-v3-turbo","prompt":"dots","n":3,"size":"1024x1024"}"#)
            #expect((response.json["data"] as? [[String: Any]])?.count == 3)
            #expect(response.headers[Self.charged] == "90000")
            let tooMany = try await client.openAI("/v1/images/generations", key: t.key, json: #"{"prompt":"dots","n":9}"#)
            #expect(tooMany.status == .badRequest)
            #expect(tooMany.openAIError?["param"] as? String == "n")
        }
        #expect(try await t.balance() == 10_000_000 - 90_000)
    }

    @Test func errorsHaveOpenAIShape() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let unknown = try await client.openAI("/v1/images/generations", key: t.key, json: #"{"model":"dall-e-3","prompt":"x"}"#)
            #expect(unknown.status == .badRequest)
            let error = try #require(unknown.openAIError)
            #expect(error["code"] as? String == "model_not_found")
            #expect(error["type"] as? String == "invalid_request_error")
            #expect(error["param"] as? String == "model")
            #expect((error["message"] as? String)?.contains("dall-e-3") == true)
            #expect(unknown.headers[HTTPField.Name("X-Request-Id")!]?.hasPrefix("req_") == true)

            let noKey = try await client.openAI("/v1/images/generations", key: nil, json: #"{"prompt":"x"}"#)
            #expect(noKey.status == .unauthorized)
            #expect(noKey.openAIError?["type"] as? String == "authentication_error")
            #expect(noKey.openAIError?.keys.contains("param") == true)

            let native = try await client.openAI("/v1/images/generations", key: t.key, json: #"{"prompt":"x","style":"loud"}"#)
            #expect(native.openAIError?["param"] as? String == "style")
            let badJSON = try await client.openAI("/v1/images/generations", key: t.key, json: "{")
            #expect(badJSON.status == .badRequest && badJSON.openAIError?["code"] as? String == "invalid_json")
        }
        #expect(try await t.balance() == 10_000_000)
    }

    @Test func editsTurnTransparencyIntoTheEditedRegion() async throws {
        let t = try await TestGateway.make()
        try await t.gateway.makeRouterTest { client in
            var form = MultipartForm([("prompt", "a red balloon"), ("model", "ideogram-v3"), ("response_format", "b64_json"), ("size", "1024x1024")])
            form.addFile("image", bytes: Fixtures.png(width: 1024, height: 1024))
            form.addFile("mask", filename: "mask.png", bytes: OpenAIFixtures.alphaMask(width: 1024, height: 1024))
            let response = try await client.openAIForm("/v1/images/edits", key: t.key, form: form)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let b64 = try #require((response.json["data"] as? [[String: Any]])?.first?["b64_json"] as? String)
            let image = try PNG.decode(ByteBuffer(bytes: try #require(Data(base64Encoded: b64))))
            #expect(image.width == 1024 && image.height == 1024)
            // Opaque mask pixels (kept) are the source, byte for byte; the transparent quarter changed.
            #expect(image.pixel(x: 900, y: 900) == RGBA(r: 30, g: 30, b: 200))
            #expect(image.pixel(x: 100, y: 900) == RGBA(r: 200, g: 30, b: 30))
            #expect(image.pixel(x: 900, y: 100) == RGBA(r: 30, g: 30, b: 200))
            #expect(image.pixel(x: 100, y: 100) != RGBA(r: 200, g: 30, b: 30))
            #expect(response.headers[Self.charged] == "60000")
        }
    }

    @Test func editsWithoutMaskUseTheImageAlpha() async throws {
        let t = try await TestGateway.make()
        try await t.gateway.makeRouterTest { client in
            var form = MultipartForm([("prompt", "fill the hole"), ("model", "ideogram-v3-turbo")])
            form.addFile("image[]", bytes: OpenAIFixtures.imageWithHole(width: 512, height: 512))
            let response = try await client.openAIForm("/v1/images/edits", key: t.key, form: form)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect((response.json["data"] as? [[String: Any]])?.first?["url"] is String)
            // Edit prices Turbo as Default ($0.06), as the native edit does.
            #expect(response.headers[Self.charged] == "60000")

            var opaque = MultipartForm([("prompt", "x")])
            opaque.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
            let refused = try await client.openAIForm("/v1/images/edits", key: t.key, form: opaque)
            #expect(refused.status == .badRequest)
            #expect(refused.openAIError?["code"] as? String == "invalid_mask")

            var blackWhite = MultipartForm([("prompt", "x")])
            blackWhite.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
            blackWhite.addFile("mask", bytes: Fixtures.mask(width: 64, height: 64))
            let noAlpha = try await client.openAIForm("/v1/images/edits", key: t.key, form: blackWhite)
            #expect(noAlpha.status == .badRequest)
            #expect(noAlpha.openAIError?["code"] as? String == "invalid_mask")
            #expect(noAlpha.openAIError?["param"] as? String == "mask")
        }
        #expect(try await t.balance() == 10_000_000 - 60_000)
    }

    /// A mask whose header declares more pixels than the budget is refused before it is inflated.
    @Test func anOversizedMaskIsRefusedFromItsHeader() async throws {
        let t = try await TestGateway.make()
        try await t.gateway.makeRouterTest { client in
            var header = ByteBuffer(bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
            header.writeInteger(UInt32(20_000))
            header.writeInteger(UInt32(20_000))
            header.writeBytes([8, 6, 0, 0, 0, 0, 0, 0, 0])
            var form = MultipartForm([("prompt", "x"), ("model", "ideogram-v3")])
            form.addFile("image", bytes: OpenAIFixtures.imageWithHole(width: 64, height: 64))
            form.addFile("mask", bytes: header)
            let refused = try await client.openAIForm("/v1/images/edits", key: t.key, form: form)
            #expect(refused.status == .badRequest)
            #expect(refused.openAIError?["code"] as? String == "image_too_many_pixels")
            #expect(refused.openAIError?["param"] as? String == "mask")
        }
        #expect(try await t.balance() == 10_000_000)
    }

    @Test func modelsAreListed() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var headers: HTTPFields = [:]
            headers[.authorization] = "Bearer \(t.key)"
            let response = try await client.execute(uri: "/v1/models", method: .get, headers: headers)
            #expect(response.status == .ok)
            #expect(response.json["object"] as? String == "list")
            let data = try #require(response.json["data"] as? [[String: Any]])
            let ids = data.compactMap { $0["id"] as? String }
            #expect(ids == ["ideogram-v3", "ideogram-v3-turbo", "ideogram-v3-quality", "ideogram-v2", "ideogram-v2-turbo", "ideogram-v2a", "ideogram-v2a-turbo", "ideogram-v4", "ideogram-v4-5"])
            #expect(data.allSatisfy { $0["object"] as? String == "model" && $0["owned_by"] as? String == "ideogate" && $0["created"] is Int })
            let one = try await client.execute(uri: "/v1/models/ideogram-v3-turbo", method: .get, headers: headers)
            #expect(one.json["id"] as? String == "ideogram-v3-turbo")
            let anonymous = try await client.execute(uri: "/v1/models", method: .get)
            #expect(anonymous.status == .unauthorized && anonymous.openAIError != nil)
        }
    }

    @Test func billedExactlyAsTheNativeCall() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let openAI = try await client.openAI(
                "/v1/images/generations", key: t.key, json: #"{"prompt":"a bridge","model":"ideogram-v3","quality":"hd","n":2,"size":"1024x1024"}"#)
            let native = try await client.postJSON(
                "/ideogram/v1/ideogram-v3/generate", key: t.key,
                json: #"{"prompt":"a bridge","rendering_speed":"QUALITY","num_images":2,"resolution":"1024x1024"}"#)
            #expect(openAI.status == .ok && native.status == .ok)
            #expect(openAI.headers[Self.charged] == "180000")
            #expect(openAI.headers[Self.charged] == native.headers[Self.charged])

            let legacy = try await client.openAI("/v1/images/generations", key: t.key, json: #"{"prompt":"an owl","model":"ideogram-v2","size":"1536x1024"}"#)
            let legacyNative = try await client.postJSON(
                "/ideogram/generate", key: t.key, json: #"{"image_request":{"prompt":"an owl","model":"V_2","aspect_ratio":"ASPECT_3_2"}}"#)
            #expect(legacy.status == .ok, "\(String(buffer: legacy.body))")
            #expect(legacy.headers[Self.charged] == "80000")
            #expect(legacy.headers[Self.charged] == legacyNative.headers[Self.charged])
        }
        #expect(try await t.balance() == 10_000_000 - 2 * 180_000 - 2 * 80_000)
    }
}

enum OpenAIFixtures {
    /// OpenAI's mask convention: opaque everywhere except a fully transparent top-left quarter.
    static func alphaMask(width: Int, height: Int) -> ByteBuffer {
        var raster = Raster(width: width, height: height, fill: .white)
        for y in 0..<(height / 2) { for x in 0..<(width / 2) { raster.setPixel(x: x, y: y, .clear) } }
        return PNG.encode(raster)
    }

    /// The two-colour fixture with a transparent square in the middle.
    static func imageWithHole(width: Int, height: Int) -> ByteBuffer {
        var raster = try! PNG.decode(Fixtures.png(width: width, height: height))
        for y in (height / 4)..<(3 * height / 4) { for x in (width / 4)..<(3 * width / 4) { raster.setPixel(x: x, y: y, .clear) } }
        return PNG.encode(raster)
    }
}

extension TestClientProtocol {
    /// POSTs JSON the way the OpenAI SDK does: `Authorization: Bearer`.
    func openAI(_ path: String, key: String?, json: String, fields: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        let body = fields.map { json + $0 + "}" } ?? json
        return try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func openAIForm(_ path: String, key: String, form: MultipartForm) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: form.contentType]
        headers[.authorization] = "Bearer \(key)"
        return try await execute(uri: path, method: .post, headers: headers, body: form.finished.body)
    }
}

extension TestResponse {
    /// The `error` object of an OpenAI-shaped error body.
    var openAIError: [String: Any]? { json["error"] as? [String: Any] }
}
