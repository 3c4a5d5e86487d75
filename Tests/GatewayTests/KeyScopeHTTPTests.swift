import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every key scope, enforced over HTTP with its status and code. Keys are made through the
/// admin API, as an operator would.
@Suite struct KeyScopeHTTPTests {
    /// Creates a key through the admin API and returns its secret and id.
    static func key(_ client: some TestClientProtocol, token: String, account: String, json: String) async throws -> (secret: String, id: String) {
        let r = try await client.admin(.post, "/admin/v1/accounts/\(account)/keys", token: token, json: json)
        #expect(r.status == .created, "\(r.text)")
        let secret = try #require(r.json["secret"] as? String)
        let id = try #require((r.json["key"] as? [String: Any])?["id"] as? String)
        return (secret, id)
    }

    @Test func eachScopeIsEnforcedWithItsStatus() async throws {
        let t = try await TestGateway.make(credit: 300_000)
        let token = try await t.installAdminToken()
        let store = t.gateway.store
        try await t.test { client in
            // 401 expired: the expiry passes after creation.
            let expiring = try await Self.key(client, token: token, account: t.accountID, json: #"{"label":"e"}"#)
            var record = try #require(try await store.key(id: expiring.id))
            record.expiresAt = Int64(Date().timeIntervalSince1970 * 1000) - 1
            try await store.updateKey(record)
            let expired = try await client.generate(key: expiring.secret)
            #expect(expired.status == .unauthorized && expired.errorCode == "key_expired")

            // 401 revoked.
            let revoking = try await Self.key(client, token: token, account: t.accountID, json: #"{"label":"r"}"#)
            _ = try await client.admin(.delete, "/admin/v1/keys/\(revoking.id)", token: token)
            let revoked = try await client.generate(key: revoking.secret)
            #expect(revoked.status == .unauthorized && revoked.errorCode == "key_revoked")

            // 403 operation.
            let remixOnly = try await Self.key(client, token: token, account: t.accountID, json: #"{"scope":{"operations":["v3.remix"]}}"#)
            let op = try await client.generate(key: remixOnly.secret)
            #expect(op.status == .forbidden && op.errorCode == "operation_not_allowed")

            // 403 model.
            let turboOnly = try await Self.key(client, token: token, account: t.accountID, json: #"{"scope":{"models":["TURBO"]}}"#)
            let model = try await client.generate(key: turboOnly.secret, speed: "QUALITY")
            #expect(model.status == .forbidden && model.errorCode == "model_not_allowed")
            #expect(try await client.generate(key: turboOnly.secret, speed: "TURBO").status == .ok)

            // 402 lifetime spend limit: $0.10 allows one $0.06 image, not a second.
            let lifetime = try await Self.key(client, token: token, account: t.accountID, json: #"{"scope":{"spend_limit_micros":100000}}"#)
            #expect(try await client.generate(key: lifetime.secret).status == .ok)
            let overLifetime = try await client.generate(key: lifetime.secret)
            #expect(overLifetime.status == .paymentRequired402 && overLifetime.errorCode == "key_spend_limit")

            // 402 daily limit.
            let daily = try await Self.key(client, token: token, account: t.accountID, json: #"{"scope":{"daily_spend_limit_micros":90000}}"#)
            #expect(try await client.generate(key: daily.secret, speed: "TURBO", images: 3).status == .ok)
            let overDaily = try await client.generate(key: daily.secret, speed: "TURBO")
            #expect(overDaily.status == .paymentRequired402 && overDaily.errorCode == "key_daily_limit")

            // 402 balance: what is left ($0.30 − $0.03 − $0.06 − $0.09 = $0.12) does not cover 2 × $0.09.
            let balance = try await client.generate(key: t.key, speed: "QUALITY", images: 2)
            #expect(balance.status == .paymentRequired402 && balance.errorCode == "insufficient_balance")
            #expect(balance.json["balance_micros"] as? Int == 120_000)
            #expect(balance.json["price_micros"] as? Int == 180_000)
        }
        #expect(try await t.balance() == 120_000)
        #expect(try await t.auditFindings().isEmpty)
    }

    /// IP scopes need a real socket peer: the live test server answers from 127.0.0.1.
    @Test func ipScopesAreEnforcedAgainstThePeerAddress() async throws {
        let t = try await TestGateway.make()
        let store = AccountService(store: t.gateway.store)
        let elsewhere = try await store.createKey(accountID: t.accountID, label: "lan", scope: KeyScope(ipRanges: ["10.0.0.0/8"]))
        let local = try await store.createKey(accountID: t.accountID, label: "local", scope: KeyScope(ipRanges: ["127.0.0.1/32"]))
        try await t.application.test(.live) { client in
            let refused = try await client.generate(key: elsewhere.secret)
            #expect(refused.status == .forbidden && refused.errorCode == "ip_not_allowed")
            let refusedAccount = try await client.customer(.get, "/account/v1/balance", key: elsewhere.secret)
            #expect(refusedAccount.status == .forbidden && refusedAccount.errorCode == "ip_not_allowed")
            // A quote, not a render: the address is checked before anything else, and a render
            // of its own here would only race the live client's read timeout on a busy machine.
            let allowed = try await client.generate(key: local.secret, dryRun: true)
            #expect(allowed.status == .ok, "\(allowed.text)")
            #expect(allowed.json["usd_micros"] as? Int == 60_000)
        }
        #expect(try await t.balance() == 10_000_000)
        #expect(try await t.auditFindings().isEmpty)
        try? FileManager.default.removeItem(atPath: t.directory)
    }
}
