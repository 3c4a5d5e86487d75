import Foundation
import Gateway
import HummingbirdTesting
import Testing

/// The key cache never serves a change this process committed: a key revoked (by the API, the
/// console or a test) is refused on the very next request, not once the cache's listener has
/// run. Repeated, because the window it closes is a task hop wide.
@Suite struct CatalogFreshnessTests {
    @Test func aRevokedKeyIsRefusedOnTheVeryNextRequest() async throws {
        let t = try await TestGateway.make()
        let service = AccountService(store: t.gateway.store)
        try await t.test { client in
            for round in 0..<40 {
                let key = try await service.createKey(accountID: t.accountID, label: "round \(round)")
                // Cached by a first request…
                #expect(try await client.generate(key: key.secret, speed: "TURBO", dryRun: true).status == .ok)
                // …and refused by the next one after the revocation commits.
                _ = try await service.revokeKey(id: key.record.id)
                #expect(try await client.generate(key: key.secret, speed: "TURBO", dryRun: true).errorCode == "key_revoked")
            }
        }
    }
}
