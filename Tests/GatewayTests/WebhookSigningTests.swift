import Crypto
import Foundation
@testable import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Webhooks signed the way Ideogram signs them, verified here as a receiver written for
/// Ideogram's would: keys from the JWKS, message from the headers and the body.
@Suite struct WebhookSigningTests {
    /// Every delivery with all its headers.
    actor Inbox {
        private(set) var deliveries: [(headers: HTTPFields, body: ByteBuffer)] = []
        func add(_ headers: HTTPFields, _ body: ByteBuffer) { deliveries.append((headers, body)) }
    }

    static func withReceiver(_ inbox: Inbox, _ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            await inbox.add(request.headers, try await request.body.collect(upTo: 1 << 20))
            return Response(status: .ok)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body("http://127.0.0.1:\(client.port!)/hook") }
    }

    static func header(_ fields: HTTPFields, _ name: String) -> String { fields[HTTPField.Name(name)!] ?? "" }

    static func base64URLDecode(_ text: String) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }

    static func hexDecode(_ hex: String) -> Data? {
        guard hex.count % 2 == 0, hex == hex.lowercased() else { return nil }
        var out = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        return out
    }

    /// Ideogram's verification: every key of the set is tried (the kid is a hint).
    static func verifies(_ headers: HTTPFields, _ body: ByteBuffer, jwks: [String: Any]) -> Bool {
        let digest = SHA256.hash(data: Data(body.readableBytesView)).map { String(format: "%02x", $0) }.joined()
        let message = [
            header(headers, "X-Ideogram-Webhook-Generation-Id"), header(headers, "X-Ideogram-Webhook-User-Id"),
            header(headers, "X-Ideogram-Webhook-Timestamp"), digest,
        ].joined(separator: "\n")
        guard let signature = hexDecode(header(headers, "X-Ideogram-Webhook-Signature")) else { return false }
        let keys = jwks["keys"] as? [[String: Any]] ?? []
        return keys.contains { key in
            guard key["kty"] as? String == "OKP", key["crv"] as? String == "Ed25519", let x = (key["x"] as? String).flatMap(base64URLDecode),
                  let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: x) else { return false }
            return publicKey.isValidSignature(signature, for: Data(message.utf8))
        }
    }

    static func submit(_ client: some TestClientProtocol, key: String, webhook: String) async throws -> String {
        let r = try await client.postJSON(
            "/ideogram/v1/ideogram-v3/generate", key: key, json: #"{"prompt":"a kite","rendering_speed":"TURBO","webhook_url":"\#(webhook)"}"#)
        #expect(r.status == .accepted)
        return try #require(r.json["task_id"] as? String)
    }

    static func waitFor(_ inbox: Inbox, count: Int) async throws -> [(headers: HTTPFields, body: ByteBuffer)] {
        for _ in 0..<2400 {
            let all = await inbox.deliveries
            if all.count >= count { return all }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("no webhook arrived")
        return await inbox.deliveries
    }

    @Test func aDeliveredWebhookVerifiesWithThePublishedKeysAndRotationKeepsThePreviousKey() async throws {
        let inbox = Inbox()
        let t = try await TestGateway.make { $0.allowPrivateWebhooks = true }
        try await Self.withReceiver(inbox) { url in
            try await t.test { client in
                let jwksResponse = try await client.execute(uri: "/v1/.well-known/jwks.json", method: .get)
                #expect(jwksResponse.status == .ok)
                let jwks = jwksResponse.json
                // Also under /ideogram, and without a key.
                #expect(try await client.execute(uri: "/ideogram/v1/.well-known/jwks.json", method: .get).body == jwksResponse.body)
                let keys = try #require(jwks["keys"] as? [[String: Any]])
                #expect(keys.count == 1)
                #expect(keys[0]["alg"] as? String == "EdDSA" && keys[0]["use"] as? String == "sig")
                #expect((keys[0]["x"] as? String).map { !$0.contains("=") && Self.base64URLDecode($0)?.count == 32 } == true)

                let task = try await Self.submit(client, key: t.key, webhook: url)
                let first = try #require(try await Self.waitFor(inbox, count: 1).first)
                #expect(Self.verifies(first.headers, first.body, jwks: jwks))
                #expect(Self.header(first.headers, "X-Ideogram-Webhook-Generation-Id") == task)
                #expect(Self.header(first.headers, "X-Ideogram-Webhook-Key-Id") == keys[0]["kid"] as? String)
                let user = Self.header(first.headers, "X-Ideogram-Webhook-User-Id")
                #expect(Self.base64URLDecode(user).map { String(decoding: $0, as: UTF8.self) } == t.accountID)
                let age = Int64(Date().timeIntervalSince1970) - (Int64(Self.header(first.headers, "X-Ideogram-Webhook-Timestamp")) ?? 0)
                #expect((0...60).contains(age))
                let payload = try #require(try JSONSerialization.jsonObject(with: Data(first.body.readableBytesView)) as? [String: Any])
                #expect(payload["generation_id"] as? String == task && (payload["data"] as? [Any])?.count == 1)
                // A body changed in transit does not verify.
                var tampered = first.body
                tampered.writeString(" ")
                #expect(!Self.verifies(first.headers, tampered, jwks: jwks))

                // Rotation: a new key signs, the previous one stays published.
                try await t.gateway.webhookKeys.rotate()
                let rotated = try await client.execute(uri: "/v1/.well-known/jwks.json", method: .get).json
                let rotatedKeys = try #require(rotated["keys"] as? [[String: Any]])
                #expect(rotatedKeys.count == 2 && rotatedKeys[1]["kid"] as? String == keys[0]["kid"] as? String)
                #expect(Self.verifies(first.headers, first.body, jwks: rotated))
                _ = try await Self.submit(client, key: t.key, webhook: url)
                let second = try await Self.waitFor(inbox, count: 2)[1]
                #expect(Self.header(second.headers, "X-Ideogram-Webhook-Key-Id") == rotatedKeys[0]["kid"] as? String)
                #expect(Self.verifies(second.headers, second.body, jwks: rotated))
                #expect(!Self.verifies(second.headers, second.body, jwks: jwks))

                // A second rotation drops the first key.
                try await t.gateway.webhookKeys.rotate()
                let again = try await client.execute(uri: "/v1/.well-known/jwks.json", method: .get).json
                let kids = (again["keys"] as? [[String: Any]] ?? []).compactMap { $0["kid"] as? String }
                #expect(kids.count == 2 && kids[1] == rotatedKeys[0]["kid"] as? String && !kids.contains(keys[0]["kid"] as? String ?? ""))
            }
        }
    }

    @Test func aTaskThatDidNotSucceedSaysSoInItsWebhook() throws {
        let error = #"{"code":"upstream_timeout","error":"The upstream took too long.","request_id":"req_1"}"#
        let task = TaskRecord(
            id: "task_abc", accountID: "acct_1", requestID: "req_1", operation: "v3.generate", status: .failed, httpStatus: 504,
            result: Array(error.utf8), webhookURL: "https://example.com/hook", createdAt: 1_700_000_000_000, updatedAt: 1_700_000_001_000)
        let body = WebhookPayload.body(task)
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
        #expect(payload["generation_id"] as? String == "task_abc" && payload["status"] as? String == "failed")
        #expect(payload["failure_reason"] as? String == "upstream_timeout" && payload["error"] as? String == "The upstream took too long.")
        #expect((payload["created"] as? String)?.hasPrefix("2023-11-14T22:13:20") == true)
    }

    @Test func theSigningKeysAreSealedInTheStore() async throws {
        let t = try await TestGateway.make()
        let key = try await t.gateway.webhookKeys.current()
        let stored = try #require(try await t.gateway.store.setting("webhook_signing_keys"))
        // Sealed with the channel key file: the raw private key is not in the database.
        #expect(stored.hasPrefix("v1:"))
        #expect(!stored.contains(key.kid))
        try await t.test { _ in }
    }
}
