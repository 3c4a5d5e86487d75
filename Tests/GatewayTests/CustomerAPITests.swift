import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The account API: a customer's balance, usage and keys, with their own key.
@Suite struct CustomerAPITests {
    @Test func aCustomerSeesOnlyTheirOwnBalanceUsageAndKeys() async throws {
        let t = try await TestGateway.make()
        let service = AccountService(store: t.gateway.store)
        let other = try await service.openAccount(name: "other", creditMicros: 1_000_000)
        let otherKey = try await service.createKey(accountID: other.id, label: "o")
        try await t.test { client in
            _ = try await client.generate(key: t.key, speed: "TURBO")
            _ = try await client.generate(key: otherKey.secret, speed: "TURBO")

            let balance = try await client.customer(.get, "/account/v1/balance", key: t.key)
            #expect(balance.json["balance_micros"] as? Int == 10_000_000 - 30_000)
            #expect(balance.json["account_id"] as? String == t.accountID)
            let usage = try await client.customer(.get, "/account/v1/usage?account_id=\(other.id)", key: t.key)
            #expect(usage.list.count == 1)
            #expect(usage.list.first?["account_id"] as? String == t.accountID)
            #expect(try await client.customer(.get, "/account/v1/usage?limit=5000", key: t.key).errorCode == "invalid_parameter")

            let keys = try await client.customer(.get, "/account/v1/keys", key: t.key)
            #expect(keys.list.count == 1)
            #expect(!keys.text.contains(t.key) && !keys.text.contains("\"hash\""))

            let created = try await client.customer(.post, "/account/v1/keys", key: t.key, json: #"{"label":"laptop","scope":{"models":["TURBO"]}}"#)
            #expect(created.status == .created)
            let secret = try #require(created.json["secret"] as? String)
            let id = try #require((created.json["key"] as? [String: Any])?["id"] as? String)
            #expect(try await client.generate(key: secret, speed: "QUALITY", dryRun: true).errorCode == "model_not_allowed")
            // The narrower key may not mint a wider one, nor revoke the wider key.
            let wider = try await client.customer(.post, "/account/v1/keys", key: secret, json: #"{"label":"x","scope":{}}"#)
            #expect(wider.status == .forbidden && wider.errorCode == "scope_too_wide")
            let keyID = try #require(balance.json["key"] as? [String: Any])["id"] as? String
            #expect(try await client.customer(.delete, "/account/v1/keys/\(try #require(keyID))", key: secret).errorCode == "key_management_not_allowed")
            #expect(try await client.customer(.post, "/account/v1/keys", key: t.key, json: #"{"test":true}"#).errorCode == "unknown_field")

            // Another account's key is not found; one's own is revoked.
            #expect(try await client.customer(.delete, "/account/v1/keys/\(otherKey.record.id)", key: t.key).status == .notFound)
            let revoked = try await client.customer(.delete, "/account/v1/keys/\(id)", key: t.key)
            #expect(revoked.json["status"] as? String == "revoked")
            #expect(try await client.generate(key: secret, dryRun: true).errorCode == "key_revoked")
        }
        #expect(try await t.auditFindings().isEmpty)
    }

    @Test func aKeyWithASpendLimitCannotMintKeys() async throws {
        let t = try await TestGateway.make()
        let limited = try await AccountService(store: t.gateway.store).createKey(
            accountID: t.accountID, label: "limited", scope: KeyScope(spendLimitMicros: 100_000))
        try await t.test { client in
            let r = try await client.customer(.post, "/account/v1/keys", key: limited.secret, json: #"{"label":"more"}"#)
            #expect(r.status == .forbidden && r.errorCode == "key_management_not_allowed")
        }
    }
}
