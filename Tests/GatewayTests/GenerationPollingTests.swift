import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Every asynchronous request has a generation id, polled at /v1 and /v2 `generations/{id}` in
/// Ideogram's `GenerationResponse` shape, by its own account only.
@Suite struct GenerationPollingTests {
    static let apiKey = HTTPField.Name("Api-Key")!

    func get(_ client: some TestClientProtocol, _ path: String, key: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: [Self.apiKey: key])
    }

    /// Polls until the generation leaves `pending`; returns every body seen, the last one final.
    func poll(_ client: some TestClientProtocol, _ path: String, key: String) async throws -> [[String: Any]] {
        var seen: [[String: Any]] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let r = try await get(client, path, key: key)
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            seen.append(r.json)
            if r.json["status"] as? String != "pending" { return seen }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("\(path) stayed pending")
        return seen
    }

    @Test func v2AsyncGenerateIsPolledFromPendingToCompleted() async throws {
        let t = try await TestGateway.make { $0.sandboxDelay = .milliseconds(400) }
        try await t.test { client in
            let ack = try await client.postJSON(
                "/ideogram/v2/image/generate/ideogram-4-5", key: t.key,
                json: #"{"prompt":"a lantern","size":"1024x1024","quality":"low","num_images":2,"async":true}"#)
            // Ideogram's acknowledgement: 200, the id and the seed, no data.
            #expect(ack.status == .ok, "\(String(buffer: ack.body))")
            let id = try #require(ack.json["generation_id"] as? String)
            let seed = try #require(ack.json["seed"] as? Int)
            #expect(ack.json["generation_kind"] as? String == "sampling")
            #expect(ack.json["data"] == nil)
            #expect(ack.headers[.location] == "/v2/generations/\(id)")

            let seen = try await poll(client, "/v2/generations/\(id)", key: t.key)
            let pending = try #require(seen.first)
            #expect(pending["status"] as? String == "pending")
            #expect(Set(pending.keys) == ["generation_id", "status", "created"], "nulls dropped: \(pending)")
            let done = try #require(seen.last)
            #expect(done["status"] as? String == "completed")
            #expect(done["generation_id"] as? String == id)
            #expect(done["response_type"] as? String == "url")
            #expect((done["created"] as? String)?.hasSuffix("+00:00") == true)
            #expect(done["failure_reason"] == nil)
            let data = try #require(done["data"] as? [[String: Any]])
            #expect(data.count == 2)
            #expect(data.map { $0["seed"] as? Int } == [seed, seed + 1])
            for item in data {
                #expect(item["resolution"] as? String == "1024x1024" && item["is_image_safe"] as? Bool == true)
                let url = try #require(item["url"] as? String)
                let components = try #require(URLComponents(string: url))
                let file = try await client.execute(uri: components.path + "?" + (components.percentEncodedQuery ?? ""), method: .get)
                #expect(file.status == .ok && file.headers[.contentType] == "image/png")
            }
            // The same generation under /v1 and the /ideogram prefix.
            let v1 = try await get(client, "/ideogram/v1/generations/\(id)", key: t.key)
            #expect(v1.status == .ok && v1.json["status"] as? String == "completed")
        }
        #expect(try await t.balance() == 10_000_000 - 2 * 30_000)
    }

    @Test func aWebhookURLInTheBodyAlsoAnswersAsync() async throws {
        let t = try await TestGateway.make { $0.allowPrivateWebhooks = true }
        try await t.test { client in
            let ack = try await client.postJSON(
                "/v2/image/generate/ideogram-4", key: t.key,
                json: #"{"prompt":"a lantern","rendering_speed":"turbo","webhook_url":"http://127.0.0.1:9/hook"}"#)
            #expect(ack.status == .ok && ack.json["data"] == nil, "\(String(buffer: ack.body))")
            let id = try #require(ack.json["generation_id"] as? String)
            #expect(ack.json["generation_kind"] == nil)
            let done = try #require(try await poll(client, "/v2/generations/\(id)", key: t.key).last)
            #expect(done["status"] as? String == "completed")
        }
        #expect(try await t.balance() == 10_000_000 - 30_000)
    }

    @Test func anExistingTaskIsAGenerationOnV1() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let submitted = try await client.execute(
                uri: "/ideogram/v1/ideogram-v3/generate", method: .post,
                headers: [Self.apiKey: t.key, .contentType: "application/json", HTTPField.Name("Prefer")!: "respond-async"],
                body: ByteBuffer(string: #"{"prompt":"x","rendering_speed":"TURBO","resolution":"1536x512"}"#))
            #expect(submitted.status == .accepted)
            let taskID = try #require(submitted.json["task_id"] as? String)
            #expect(submitted.json["generation_id"] as? String == taskID)

            let done = try #require(try await poll(client, "/v1/generations/\(taskID)", key: t.key).last)
            #expect(done["status"] as? String == "completed")
            let data = try #require(done["data"] as? [[String: Any]])
            // The task view still answers, with the same images.
            let task = try await get(client, "/ideogram/tasks/\(taskID)", key: t.key)
            let result = try #require(task.json["result"] as? [String: Any])
            let taskData = try #require(result["data"] as? [[String: Any]])
            #expect(data.map { $0["url"] as? String } == taskData.map { $0["url"] as? String })
            #expect(data.first?["resolution"] as? String == "1536x512")
        }
    }

    @Test func aFailedTaskIsAFailedGeneration() async throws {
        let t = try await TestGateway.make(upstream: ScriptedUpstream { _ in .fail(.safety("The prompt did not pass safety checks.")) })
        try await t.test { client in
            let ack = try await client.postJSON(
                "/v2/image/generate/ideogram-4-5", key: t.key, json: #"{"prompt":"x","size":"1024x1024","async":"true"}"#)
            let id = try #require(ack.json["generation_id"] as? String)
            let done = try #require(try await poll(client, "/v2/generations/\(id)", key: t.key).last)
            #expect(done["status"] as? String == "failed")
            #expect(done["failure_reason"] as? String == "content_policy_violation")
            #expect(Set(done.keys) == ["generation_id", "status", "created", "failure_reason"])
        }
        #expect(try await t.balance() == 10_000_000)
    }

    @Test func anotherAccountCannotPollAndBadIDsAre400() async throws {
        let t = try await TestGateway.make()
        let service = AccountService(store: t.gateway.store)
        let other = try await service.createAccount(name: "other")
        let otherKey = try await service.createKey(accountID: other.id, label: "x").secret
        try await t.test { client in
            let ack = try await client.postJSON(
                "/v2/image/generate/ideogram-4-5", key: t.key, json: #"{"prompt":"x","size":"1024x1024","async":true}"#)
            let id = try #require(ack.json["generation_id"] as? String)
            _ = try await poll(client, "/v2/generations/\(id)", key: t.key)
            let unknown = try await get(client, "/v2/generations/task_doesnotexist0000000000", key: t.key)
            #expect(unknown.status == .notFound && unknown.errorCode == "generation_not_found")
            for path in ["/v2/generations/\(id)", "/v1/generations/\(id)", "/ideogram/v2/generations/\(id)"] {
                let stranger = try await get(client, path, key: otherKey)
                // Indistinguishable from an id that does not exist.
                #expect(stranger.status == .notFound && stranger.errorCode == "generation_not_found")
                #expect(stranger.json["error"] as? String == unknown.json["error"] as? String)
            }
            let bad = try await get(client, "/v2/generations/not*an*id", key: t.key)
            #expect(bad.status == .badRequest && bad.errorCode == "invalid_generation_id")
            let anonymous = try await client.execute(uri: "/v2/generations/\(id)", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }
}
