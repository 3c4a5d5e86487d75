import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IdeogramAPI
import NIOCore
import Testing

/// Channel administration, key encryption and the faithful rebuilding of requests for Ideogram.
@Suite struct ChannelAdminTests {
    @Test func aFreshInstallHasOneSandboxChannel() async throws {
        let t = try await TestGateway.make()
        let channels = try await t.gateway.store.channels()
        #expect(channels.map(\.kind) == [.sandbox])
        #expect(channels.first?.enabled == true)
        await t.gateway.shutdown()
    }

    @Test func upstreamKeysAreEncryptedAtRest() async throws {
        let t = try await TestGateway.make()
        let service = ChannelService(store: t.gateway.store, cipher: t.gateway.cipher)
        var changes = ChannelService.Changes()
        changes.name = "main"
        changes.apiKey = "ideo-secret-123456"
        let channel = try await service.add(changes)
        let stored = try #require(try await t.gateway.store.channel(id: channel.id))
        #expect(stored.encryptedKey?.contains("ideo-secret") == false)
        #expect(try t.gateway.cipher.open(try #require(stored.encryptedKey)) == "ideo-secret-123456")
        #expect(service.keyHint(stored) == "…3456")
        let file = try String(contentsOfFile: t.directory + "/ideogate.sqlite", encoding: .isoLatin1)
        #expect(!file.contains("ideo-secret-123456"))
        await t.gateway.shutdown()
    }

    @Test func theAdminAPIManagesChannelsBehindTheAdminToken() async throws {
        let t = try await TestGateway.make()
        let first = try #require(try await t.gateway.bootstrapIfNeeded())
        let auth: HTTPFields = [.authorization: "Bearer \(first.adminToken)", .contentType: "application/json"]
        try await t.test { client in
            #expect(try await client.execute(uri: "/admin/v1/channels", method: .get).status == .unauthorized)
            let created = try await client.execute(
                uri: "/admin/v1/channels", method: .post, headers: auth,
                body: ByteBuffer(string: #"{"name":"main","api_key":"ideo-k-9999","priority":10,"max_inflight_images":6}"#))
            #expect(created.status == .created, "\(String(buffer: created.body))")
            #expect(!String(buffer: created.body).contains("ideo-k-9999"))
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["key_hint"] as? String == "…9999")
            let disabled = try await client.execute(
                uri: "/admin/v1/channels/sandbox/disable", method: .post, headers: auth, body: ByteBuffer(string: #"{"reason":"live now"}"#))
            #expect(disabled.json["enabled"] as? Bool == false)
            let edited = try await client.execute(
                uri: "/admin/v1/channels/\(id)", method: .patch, headers: auth, body: ByteBuffer(string: #"{"weight":3,"rehost":"passthrough"}"#))
            #expect(edited.json["weight"] as? Int == 3)
            #expect(edited.json["rehost"] as? String == "passthrough")
            let bad = try await client.execute(
                uri: "/admin/v1/channels/\(id)", method: .patch, headers: auth, body: ByteBuffer(string: #"{"weight":0}"#))
            #expect(bad.status == .badRequest)
            let list = try await client.execute(uri: "/admin/v1/channels", method: .get, headers: auth)
            #expect((list.json["data"] as? [[String: Any]])?.count == 2)
            let test = try await client.execute(uri: "/admin/v1/channels/sandbox/test", method: .post, headers: auth)
            #expect(test.json["ok"] as? Bool == true)
        }
        await t.gateway.shutdown()
    }

    @Test func aV3MultipartRequestIsRebuiltFieldForField() throws {
        var form = MultipartForm([
            ("prompt", "a red fox"), ("rendering_speed", "TURBO"), ("num_images", "2"), ("aspect_ratio", "16x9"),
            ("color_palette", #"{"name":"EMBER"}"#), ("future_field", "kept"),
        ])
        form.addFile("style_reference_images", filename: "one.png", bytes: Fixtures.png())
        form.addFile("style_reference_images", filename: "two.png", bytes: Fixtures.png())
        let decoder = IdeogramAPI.RequestDecoder()
        let original = try decoder.decode(.v3Generate, contentType: form.contentType, body: form.finished.body)
        let encoded = IdeogramRequestEncoder().encode(original)
        #expect(encoded.contentType.hasPrefix("multipart/form-data"))
        let again = try decoder.decode(.v3Generate, contentType: encoded.contentType, body: encoded.body)
        #expect(again.fields == original.fields)
        #expect(again.fields["future_field"] == .string("kept"))
        #expect(again.styleReferenceImages.map(\.filename) == ["one.png", "two.png"])

        let codes = MultipartForm([("prompt", "p"), ("style_codes", "AAAAAAAA"), ("style_codes", "BBBBBBBB")])
        let withCodes = try decoder.decode(.v3Generate, contentType: codes.contentType, body: codes.finished.body)
        let encodedCodes = IdeogramRequestEncoder().encode(withCodes)
        #expect(try decoder.decode(.v3Generate, contentType: encodedCodes.contentType, body: encodedCodes.body).fields == withCodes.fields)
    }

    @Test func legacyRequestsKeepTheirImageRequestWrapping() throws {
        let decoder = IdeogramAPI.RequestDecoder()
        let json = #"{"image_request":{"prompt":"a cat","model":"V_2","aspect_ratio":"ASPECT_16_9","extra":1}}"#
        let generate = try decoder.decode(.generate, contentType: "application/json", body: ByteBuffer(string: json))
        let encoded = IdeogramRequestEncoder().encode(generate)
        #expect(encoded.contentType == "application/json")
        #expect(String(buffer: encoded.body).hasPrefix(#"{"image_request":{"#))
        let again = try decoder.decode(.generate, contentType: encoded.contentType, body: encoded.body)
        #expect(again.fields == generate.fields)

        var form = MultipartForm([("image_request", #"{"prompt":"like this","image_weight":70,"model":"V_2"}"#)])
        form.addFile("image_file", bytes: Fixtures.png())
        let remix = try decoder.decode(.remix, contentType: form.contentType, body: form.finished.body)
        let encodedRemix = IdeogramRequestEncoder().encode(remix)
        #expect(String(buffer: encodedRemix.body).contains(#"name="image_request""#))
        let remixAgain = try decoder.decode(.remix, contentType: encodedRemix.contentType, body: encodedRemix.body)
        #expect(remixAgain.fields == remix.fields)
        #expect(remixAgain.image?.bytes == remix.image?.bytes)
    }

    @Test func aV3JSONRequestStaysJSON() throws {
        let decoder = IdeogramAPI.RequestDecoder()
        let body = ByteBuffer(string: #"{"prompt":"p","rendering_speed":"TURBO","style_codes":["AAAAAAAA"],"seed":2147483647}"#)
        let request = try decoder.decode(.v3Generate, contentType: "application/json", body: body)
        let encoded = IdeogramRequestEncoder().encode(request)
        #expect(encoded.contentType == "application/json")
        #expect(String(buffer: encoded.body).contains("2147483647"))
        #expect(try decoder.decode(.v3Generate, contentType: "application/json", body: encoded.body).fields == request.fields)
    }
}
