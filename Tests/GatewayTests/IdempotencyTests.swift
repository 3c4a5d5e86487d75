import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `Idempotency-Key`: retries return the first response and are charged once.
@Suite struct IdempotencyTests {
    static let generate = "/ideogram/v1/ideogram-v3/generate"

    func post(_ client: some TestClientProtocol, key: String, idempotencyKey: String, json: String) async throws -> TestResponse {
        try await client.execute(
            uri: Self.generate, method: .post,
            headers: [HTTPField.Name("Api-Key")!: key, .contentType: "application/json", HTTPField.Name("Idempotency-Key")!: idempotencyKey],
            body: ByteBuffer(string: json))
    }

    /// A claim left "in progress" by a process that died binds the key only for the longest a
    /// request can run; after that a retry claims it afresh.
    @Test func aStaleClaimIsTakenOverAndOldKeysArePruned() async throws {
        let t = try await TestGateway.make()
        defer { try? FileManager.default.removeItem(atPath: t.directory) }
        let store = t.gateway.store
        let a = t.accountID
        #expect(try await store.claimIdempotencyKey(accountID: a, key: "k", fingerprint: "f", at: 1_000, staleBefore: 0) == .claimed)
        // Still fresh: the retry is told the first request runs.
        #expect(try await store.claimIdempotencyKey(accountID: a, key: "k", fingerprint: "f", at: 2_000, staleBefore: 500) == .inProgress(fingerprint: "f"))
        // Past the claim's lifetime: taken over.
        #expect(try await store.claimIdempotencyKey(accountID: a, key: "k", fingerprint: "f", at: 3_000, staleBefore: 2_500) == .claimed)
        // Finished keys stay for 24 hours, then pruning removes them.
        try await store.completeIdempotencyKey(accountID: a, key: "k", response: StoredResponse(status: 200, headers: [:], body: []))
        #expect(try await store.pruneIdempotencyKeys(olderThan: 2_999) == 0)
        #expect(try await store.pruneIdempotencyKeys(olderThan: 3_001) == 1)
        #expect(try await store.claimIdempotencyKey(accountID: a, key: "k", fingerprint: "g", at: 4_000, staleBefore: 0) == .claimed)
        // At start-up every unfinished claim belongs to a dead run.
        #expect(try await store.abandonUnfinishedIdempotencyKeys(ofNodes: []) == 1)
        await t.gateway.shutdown()
    }

    @Test func tenParallelRetriesAreChargedOnce() async throws {
        let t = try await TestGateway.make { $0.sandboxDelay = .milliseconds(300) }
        let bodies = BodyCollector()
        try await t.test { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        let r = try await post(client, key: t.key, idempotencyKey: "order-42", json: #"{"prompt":"x","num_images":3,"rendering_speed":"QUALITY"}"#)
                        #expect(r.status == .ok)
                        await bodies.add(String(buffer: r.body), replayed: r.headers[HTTPField.Name("Idempotent-Replayed")!] == "true",
                                         charged: r.headers[HTTPField.Name("X-Ideogate-Charged-Micros")!])
                    }
                }
                try await group.waitForAll()
            }
        }
        let all = await bodies.bodies
        #expect(all.count == 10)
        #expect(Set(all).count == 1, "every retry gets the first response")
        #expect(await bodies.replayed == 9)
        #expect(await bodies.charges == Array(repeating: "270000", count: 10))
        #expect(try await t.balance() == 10_000_000 - 270_000)
        #expect(try await t.gateway.store.usage(accountID: t.accountID, limit: 100, offset: 0).count == 1)
    }

    @Test func sameKeyDifferentBodyIs422() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let first = try await post(client, key: t.key, idempotencyKey: "k1", json: #"{"prompt":"a","rendering_speed":"TURBO"}"#)
            #expect(first.status == .ok)
            let second = try await post(client, key: t.key, idempotencyKey: "k1", json: #"{"prompt":"b","rendering_speed":"TURBO"}"#)
            #expect(second.status == .unprocessableContent && second.errorCode == "idempotency_key_reused")
        }
        #expect(try await t.balance() == 10_000_000 - 30_000)
    }

    @Test func multipartRetryWithANewBoundaryIsTheSameRequest() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            var responses: [String] = []
            for boundary in ["first-boundary", "second-boundary"] {
                var body = ByteBuffer()
                for (name, value) in [("prompt", "owl"), ("rendering_speed", "TURBO")] {
                    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
                }
                body.writeString("--\(boundary)--\r\n")
                let r = try await client.execute(
                    uri: Self.generate, method: .post,
                    headers: [HTTPField.Name("Api-Key")!: t.key, .contentType: "multipart/form-data; boundary=\(boundary)", HTTPField.Name("Idempotency-Key")!: "mp"],
                    body: body)
                #expect(r.status == .ok)
                responses.append(String(buffer: r.body))
            }
            #expect(responses[0] == responses[1])
        }
        #expect(try await t.balance() == 10_000_000 - 30_000)
    }

    @Test func aFailureARetryCouldFixFreesTheKey() async throws {
        let t = try await TestGateway.make(credit: 10_000)
        try await t.test { client in
            let poor = try await post(client, key: t.key, idempotencyKey: "k2", json: #"{"prompt":"a","rendering_speed":"TURBO"}"#)
            #expect(poor.status == .paymentRequired402)
            _ = try await AccountService(store: t.gateway.store).adjustBalance(accountID: t.accountID, amount: 100_000, kind: .credit, memo: "top-up")
            let retry = try await post(client, key: t.key, idempotencyKey: "k2", json: #"{"prompt":"a","rendering_speed":"TURBO"}"#)
            #expect(retry.status == .ok)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
        }
        #expect(try await t.balance() == 110_000 - 30_000)
    }
}

actor BodyCollector {
    var bodies: [String] = []
    var replayed = 0
    var charges: [String] = []
    func add(_ body: String, replayed wasReplayed: Bool, charged: String?) {
        bodies.append(body)
        if wasReplayed { replayed += 1 }
        charges.append(charged ?? "-")
    }
}
