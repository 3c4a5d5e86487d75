import AsyncHTTPClient
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A caller who hangs up while the images render is not charged: the hold is released at once.
@Suite struct ClientDisconnectTests {
    @Test func hangingUpReleasesTheHold() async throws {
        let t = try await TestGateway.make { $0.sandboxDelay = .seconds(30) }
        try await t.test(.live) { client in
            let port = try #require(client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/ideogram/v1/ideogram-v3/generate")
            request.method = .POST
            request.headers.add(name: "Api-Key", value: t.key)
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"prompt":"x","num_images":4}"#))
            // The client gives up after half a second and closes its connection.
            await #expect(throws: (any Error).self) {
                _ = try await HTTPClient.shared.execute(request, timeout: .milliseconds(500))
            }
            var row: UsageRecord?
            for _ in 0..<200 where row == nil {
                row = try await t.gateway.store.usage(accountID: t.accountID, limit: 1, offset: 0).first
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(row?.status == 499 && row?.errorCode == "client_closed_request" && row?.chargedMicros == 0)
            #expect(try await t.balance() == 10_000_000)
            #expect(try await t.gateway.store.openHolds(olderThan: .max).isEmpty)
        }
    }
}
