import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Image links are signed and expire; caches get a validator.
@Suite struct FileLinkTests {
    func generateOne(_ client: some TestClientProtocol, key: String) async throws -> URLComponents {
        let response = try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: key, json: #"{"prompt":"x","rendering_speed":"TURBO","resolution":"1536x512"}"#)
        let url = try #require((response.json["data"] as? [[String: Any]])?.first?["url"] as? String)
        return try #require(URLComponents(string: url))
    }

    @Test func tamperedLinkIs403() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let link = try await generateOne(client, key: t.key)
            let good = try await client.execute(uri: link.path + "?" + link.percentEncodedQuery!, method: .get)
            #expect(good.status == .ok)
            let etag = try #require(good.headers[.eTag])
            #expect(good.headers[.cacheControl]?.contains("max-age=") == true)
            let again = try await client.execute(uri: link.path + "?" + link.percentEncodedQuery!, method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)

            var items = link.queryItems ?? []
            let exp = Int(items.first { $0.name == "exp" }!.value!)!
            items = items.map { $0.name == "exp" ? URLQueryItem(name: "exp", value: String(exp + 3600)) : $0 }
            var forged = link
            forged.queryItems = items
            let bad = try await client.execute(uri: forged.path + "?" + forged.percentEncodedQuery!, method: .get)
            #expect(bad.status == .forbidden)
            #expect(bad.errorCode == "invalid_signature")
        }
    }

    @Test func expiredLinkIs403() async throws {
        let t = try await TestGateway.make { $0.imageLinkLifetime = -1 }
        try await t.test { client in
            let link = try await generateOne(client, key: t.key)
            let response = try await client.execute(uri: link.path + "?" + link.percentEncodedQuery!, method: .get)
            #expect(response.status == .forbidden)
            #expect(response.errorCode == "link_expired")
        }
    }
}
