import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Every class of bad input gets its status and machine code, and costs nothing.
@Suite struct BadInputTests {
    /// Sends a request that must fail, and checks the status, the code, the JSON error shape and
    /// that the balance did not move.
    func expectRejected(
        _ status: HTTPResponse.Status, _ code: String,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ send: @escaping @Sendable (any TestClientProtocol, String) async throws -> TestResponse
    ) async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let response = try await send(client, t.key)
            #expect(response.status == status, "body: \(String(buffer: response.body))", sourceLocation: sourceLocation)
            #expect(response.errorCode == code, "body: \(String(buffer: response.body))", sourceLocation: sourceLocation)
            #expect((response.json["error"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
            #expect(response.json["request_id"] as? String == response.headers[HTTPField.Name("X-Request-Id")!], sourceLocation: sourceLocation)
        }
        #expect(try await t.balance() == 10_000_000, "a rejected request must cost nothing", sourceLocation: sourceLocation)
        let charged = try await t.gateway.store.usage(accountID: t.accountID, limit: 10, offset: 0).map(\.chargedMicros).reduce(0, +)
        #expect(charged == 0, sourceLocation: sourceLocation)
    }

    static let generate = "/ideogram/v1/ideogram-v3/generate"

    @Test func missingKey() async throws {
        try await expectRejected(.unauthorized, "missing_api_key") { c, _ in
            try await c.postJSON(Self.generate, key: nil, json: #"{"prompt":"x"}"#)
        }
    }

    @Test func unknownKey() async throws {
        try await expectRejected(.unauthorized, "invalid_api_key") { c, _ in
            try await c.postJSON(Self.generate, key: "sk-notarealkey", json: #"{"prompt":"x"}"#)
        }
    }

    @Test func bearerKeyIsAccepted() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let response = try await client.execute(
                uri: "/ideogram/v1/ideogram-v3/generate?dry_run=true", method: .post,
                headers: [.authorization: "Bearer \(t.key)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"prompt":"x","num_images":3}"#))
            #expect(response.status == .ok)
            #expect(response.json["total_micros"] as? Int == 180_000)
        }
        #expect(try await t.balance() == 10_000_000)
    }

    @Test func missingPrompt() async throws {
        try await expectRejected(.badRequest, "missing_field") { c, key in
            try await c.postForm(Self.generate, key: key, form: MultipartForm([("num_images", "1")]))
        }
    }

    @Test func unknownEnumValue() async throws {
        try await expectRejected(.badRequest, "invalid_enum") { c, key in
            try await c.postJSON(Self.generate, key: key, json: #"{"prompt":"x","rendering_speed":"LUDICROUS"}"#)
        }
    }

    @Test(arguments: [
        #"{"prompt":"x","num_images":9}"#, #"{"prompt":"x","num_images":0}"#,
        #"{"prompt":"x","seed":-1}"#, #"{"prompt":"x","seed":2147483648}"#,
    ])
    func outOfRange(json: String) async throws {
        try await expectRejected(.badRequest, "out_of_range") { c, key in
            try await c.postJSON(Self.generate, key: key, json: json)
        }
    }

    @Test func imageWeightOutOfRange() async throws {
        try await expectRejected(.badRequest, "out_of_range") { c, key in
            var form = MultipartForm([("prompt", "x"), ("image_weight", "101")])
            form.addFile("image", bytes: Fixtures.png())
            return try await c.postForm("/ideogram/v1/ideogram-v3/remix", key: key, form: form)
        }
    }

    @Test func wrongFileType() async throws {
        try await expectRejected(.badRequest, "unsupported_image_type") { c, key in
            var form = MultipartForm([("prompt", "x")])
            // Named .png, but the bytes are a GIF: the bytes decide.
            form.addFile("image", filename: "cat.png", bytes: Fixtures.gif)
            return try await c.postForm("/ideogram/v1/ideogram-v3/remix", key: key, form: form)
        }
    }

    @Test func oversizeFile() async throws {
        try await expectRejected(.badRequest, "image_too_large") { c, key in
            var form = MultipartForm([("prompt", "x")])
            var big = Fixtures.png()
            big.writeRepeatingByte(0, count: 10 * 1024 * 1024)
            form.addFile("image", bytes: big)
            return try await c.postForm("/ideogram/v1/ideogram-v3/remix", key: key, form: form)
        }
    }

    @Test func maskSizeMismatch() async throws {
        try await expectRejected(.badRequest, "mask_size_mismatch") { c, key in
            var form = MultipartForm([("prompt", "x")])
            form.addFile("image", bytes: Fixtures.png(width: 64, height: 64))
            form.addFile("mask", bytes: Fixtures.mask(width: 32, height: 64))
            return try await c.postForm("/ideogram/v1/ideogram-v3/edit", key: key, form: form)
        }
    }

    @Test func allWhiteMask() async throws {
        try await expectRejected(.badRequest, "mask_all_white") { c, key in
            var form = MultipartForm([("prompt", "x"), ("model", "V_2")])
            form.addFile("image_file", bytes: Fixtures.png())
            form.addFile("mask", bytes: Fixtures.mask(allWhite: true))
            return try await c.postForm("/ideogram/edit", key: key, form: form)
        }
    }

    @Test func legacyEditRejectsOtherModels() async throws {
        try await expectRejected(.badRequest, "unsupported_model") { c, key in
            var form = MultipartForm([("prompt", "x"), ("model", "V_1")])
            form.addFile("image_file", bytes: Fixtures.png())
            form.addFile("mask", bytes: Fixtures.mask())
            return try await c.postForm("/ideogram/edit", key: key, form: form)
        }
    }

    @Test func malformedJSON() async throws {
        try await expectRejected(.badRequest, "invalid_json") { c, key in
            try await c.postJSON("/ideogram/generate", key: key, json: #"{"image_request": {"prompt": "x",}"#)
        }
    }

    /// JSON between systems is UTF-8 (RFC 8259 §8.1): a UTF-16 body is refused, not guessed at.
    @Test func utf16JSONIsRefused() async throws {
        try await expectRejected(.badRequest, "invalid_json") { c, key in
            let utf16 = Array(#"{"prompt":"x"}"#.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            return try await c.execute(
                uri: Self.generate, method: .post,
                headers: [HTTPField.Name("Api-Key")!: key, .contentType: "application/json"], body: ByteBuffer(bytes: utf16))
        }
    }

    /// Foundation would keep the first `num_images`, Ideogram's Python the last: refused.
    @Test func repeatedKeyIsRefused() async throws {
        try await expectRejected(.badRequest, "invalid_json") { c, key in
            try await c.postJSON(Self.generate, key: key, json: #"{"prompt":"x","num_images":1,"num_images":8}"#)
        }
    }

    @Test func malformedMultipart() async throws {
        try await expectRejected(.badRequest, "invalid_multipart") { c, key in
            try await c.execute(
                uri: Self.generate, method: .post,
                headers: [HTTPField.Name("Api-Key")!: key, .contentType: "multipart/form-data; boundary=abc"],
                body: ByteBuffer(string: "--abc\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nunterminated"))
        }
    }

    @Test func conflictingFields() async throws {
        try await expectRejected(.badRequest, "conflicting_fields") { c, key in
            try await c.postJSON(Self.generate, key: key, json: #"{"prompt":"x","aspect_ratio":"1x1","resolution":"1024x1024"}"#)
        }
    }

    @Test func unknownPathIsJSON404() async throws {
        try await expectRejected(.notFound, "not_found") { c, key in
            try await c.postJSON("/ideogram/v1/ideogram-v9/generate", key: key, json: "{}")
        }
    }

    @Test func insufficientBalanceIs402WithPriceAndBalance() async throws {
        let t = try await TestGateway.make(credit: 50_000)
        try await t.test { client in
            let response = try await client.postJSON(Self.generate, key: t.key, json: #"{"prompt":"x","num_images":2}"#)
            #expect(response.status == .paymentRequired402)
            #expect(response.errorCode == "insufficient_balance")
            #expect(response.json["price_micros"] as? Int == 120_000)
            #expect(response.json["balance_micros"] as? Int == 50_000)
        }
        #expect(try await t.balance() == 50_000)
    }

    @Test func revokedAndExpiredKeys() async throws {
        let t = try await TestGateway.make()
        let service = AccountService(store: t.gateway.store)
        let expired = try await service.createKey(accountID: t.accountID, label: "old", expiresAt: Date(timeIntervalSinceNow: -60))
        try await t.test { client in
            let response = try await client.postJSON(Self.generate, key: expired.secret, json: #"{"prompt":"x"}"#)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "key_expired")
        }
    }

    @Test func testKeysAreNeverCharged() async throws {
        let t = try await TestGateway.make()
        let testKey = try await AccountService(store: t.gateway.store).createKey(accountID: t.accountID, label: "ci", test: true)
        try await t.test { client in
            let response = try await client.postJSON(Self.generate, key: testKey.secret, json: #"{"prompt":"x","num_images":2,"rendering_speed":"TURBO"}"#)
            _ = try await expectImages(response, count: 2, resolution: "1024x1024", client: client)
            #expect(response.headers[HTTPField.Name("X-Ideogate-Charged-Micros")!] == "0")
        }
        #expect(try await t.balance() == 10_000_000)
    }
}
