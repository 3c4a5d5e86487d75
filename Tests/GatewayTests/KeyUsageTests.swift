import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct KeyUsageTests {
    @Test func aRequestRecordsWhenTheKeyWasLastUsed() async throws {
        let t = try await TestGateway.make()
        let hash = KeySecret.hash(t.key)
        #expect(try await t.gateway.store.key(hash: hash)?.lastUsedAt == nil)
        try await t.gateway.makeRouterTest { client in
            let r = try await client.postJSON("/ideogram/v1/ideogram-v3/generate?dry_run=1", key: t.key, json: #"{"prompt":"x"}"#)
            #expect(r.status == .ok)
        }
        // The write happens beside the request; give it a moment.
        var lastUsed: Int64?
        for _ in 0..<100 where lastUsed == nil {
            lastUsed = try await t.gateway.store.key(hash: hash)?.lastUsedAt
            try await Task.sleep(for: .milliseconds(20))
        }
        let recorded = try #require(lastUsed)
        #expect(abs(recorded - Int64(Date().timeIntervalSince1970 * 1000)) < 60_000)
    }
}
