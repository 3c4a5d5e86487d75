import Crypto
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Submit-and-poll, signed webhooks, cancellation and restarts.
@Suite struct AsyncTaskTests {
    static let generate = "/ideogram/v1/ideogram-v3/generate"

    func submit(_ client: some TestClientProtocol, key: String, json: String, path: String = generate, headers: HTTPFields = [HTTPField.Name("Prefer")!: "respond-async"]) async throws -> String {
        var all = headers
        all[HTTPField.Name("Api-Key")!] = key
        all[.contentType] = "application/json"
        let r = try await client.execute(uri: path, method: .post, headers: all, body: ByteBuffer(string: json))
        #expect(r.status == .accepted, "\(String(buffer: r.body))")
        #expect(r.json["status"] as? String == "queued")
        return try #require(r.json["task_id"] as? String)
    }

    func poll(_ client: some TestClientProtocol, key: String, task: String, until done: Set<String> = ["succeeded", "failed", "cancelled"], timeout: Duration = .seconds(60), every interval: Duration = .milliseconds(25)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let r = try await client.execute(uri: "/ideogram/tasks/\(task)", method: .get, headers: [HTTPField.Name("Api-Key")!: key])
            #expect(r.status == .ok)
            if let status = r.json["status"] as? String, done.contains(status) { return r.json }
            try await Task.sleep(for: interval)
        }
        Issue.record("task \(task) did not finish")
        return [:]
    }

    @Test func submitThenPollReturnsTheSynchronousBody() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let task = try await submit(client, key: t.key, json: #"{"prompt":"x","num_images":2,"rendering_speed":"TURBO","resolution":"1536x512"}"#)
            let done = try await poll(client, key: t.key, task: task)
            #expect(done["status"] as? String == "succeeded")
            #expect(done["http_status"] as? Int == 200)
            let result = try #require(done["result"] as? [String: Any])
            let data = try #require(result["data"] as? [[String: Any]])
            #expect(data.count == 2 && data.allSatisfy { $0["resolution"] as? String == "1536x512" && $0["url"] is String })
            // Another account cannot see it.
            let stranger = try await AccountService(store: t.gateway.store).createAccount(name: "other")
            let otherKey = try await AccountService(store: t.gateway.store).createKey(accountID: stranger.id, label: "x")
            let r = try await client.execute(uri: "/ideogram/tasks/\(task)", method: .get, headers: [HTTPField.Name("Api-Key")!: otherKey.secret])
            #expect(r.status == .notFound && r.errorCode == "task_not_found")
        }
        #expect(try await t.balance() == 10_000_000 - 60_000)
    }

    @Test func queryAndFieldAlternativesToThePreferHeader() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let viaQuery = try await submit(client, key: t.key, json: #"{"prompt":"x","rendering_speed":"TURBO"}"#, path: Self.generate + "?async=true", headers: [:])
            let viaField = try await submit(client, key: t.key, json: #"{"prompt":"x","rendering_speed":"TURBO","async":true}"#, headers: [:])
            for task in [viaQuery, viaField] {
                #expect(try await poll(client, key: t.key, task: task)["status"] as? String == "succeeded")
            }
        }
        #expect(try await t.balance() == 10_000_000 - 60_000)
    }

    @Test func cancellingATaskReleasesItsHold() async throws {
        let t = try await TestGateway.make { $0.sandboxDelay = .seconds(30) }
        try await t.test { client in
            let task = try await submit(client, key: t.key, json: #"{"prompt":"x","num_images":4}"#)
            #expect(try await t.balance() == 10_000_000 - 240_000)
            let r = try await client.execute(uri: "/ideogram/tasks/\(task)/cancel", method: .post, headers: [HTTPField.Name("Api-Key")!: t.key])
            #expect(r.status == .ok)
            #expect(r.json["status"] as? String == "cancelled")
            let again = try await client.execute(uri: "/ideogram/tasks/\(task)", method: .delete, headers: [HTTPField.Name("Api-Key")!: t.key])
            #expect(again.status == .conflict && again.errorCode == "task_finished")
        }
        #expect(try await t.balance() == 10_000_000)
        #expect(try await t.gateway.store.audit(horizon: .max).isEmpty)
    }

    @Test func signedWebhookIsRetriedAndLogged() async throws {
        let inbox = WebhookInbox(refuseFirst: 1)
        let t = try await TestGateway.make {
            $0.allowPrivateWebhooks = true
            $0.webhookBackoff = [.milliseconds(50), .milliseconds(50)]
        }
        try await WebhookReceiver.with(inbox) { url in
            try await t.test { client in
                let task = try await submit(client, key: t.key, json: #"{"prompt":"x","rendering_speed":"TURBO","webhook_url":"\#(url)"}"#, headers: [:])
                _ = try await poll(client, key: t.key, task: task)
                let secretResponse = try await client.execute(uri: "/account/v1/webhook-secret", method: .get, headers: [HTTPField.Name("Api-Key")!: t.key])
                let secret = try #require(secretResponse.json["webhook_secret"] as? String)
                var delivered: [WebhookInbox.Delivery] = []
                for _ in 0..<200 where delivered.isEmpty {
                    delivered = await inbox.deliveries
                    try await Task.sleep(for: .milliseconds(20))
                }
                let delivery = try #require(delivered.first)
                // t=<ts>,v1=<hex> over "<ts>.<body>"
                let parts = Dictionary(uniqueKeysWithValues: (delivery.signature ?? "").split(separator: ",").map { p in
                    let kv = p.split(separator: "=", maxSplits: 1)
                    return (String(kv[0]), String(kv[1]))
                })
                var mac = HMAC<SHA256>(key: SymmetricKey(data: Data(secret.utf8)))
                mac.update(data: Data("\(parts["t"] ?? "").".utf8))
                mac.update(data: Data(delivery.body.readableBytesView))
                let expected = mac.finalize().map { String(format: "%02x", $0) }.joined()
                #expect(parts["v1"] == expected)
                let payload = try #require(try JSONSerialization.jsonObject(with: Data(delivery.body.readableBytesView)) as? [String: Any])
                // Ideogram's webhook body: the synchronous answer plus `generation_id`.
                #expect(payload["generation_id"] as? String == task)
                #expect((payload["data"] as? [Any])?.count == 1)
                // The delivery log shows the refused attempt and the accepted one.
                let view = try await poll(client, key: t.key, task: task)
                let deliveries = try #require((view["webhook"] as? [String: Any])?["deliveries"] as? [[String: Any]])
                #expect(deliveries.map { $0["http_status"] as? Int } == [503, 200])
            }
        }
    }

    /// Longer than the 100-second cap of common proxies (Cloudflare's 524): submitted, then
    /// fetched both by polling and by webhook.
    @Test func aJobLongerThanAProxyTimeoutCompletes() async throws {
        let inbox = WebhookInbox()
        let t = try await TestGateway.make {
            $0.sandboxDelay = .seconds(130)
            $0.allowPrivateWebhooks = true
        }
        try await WebhookReceiver.with(inbox) { url in
            try await t.test { client in
                let task = try await submit(client, key: t.key, json: #"{"prompt":"slow","rendering_speed":"TURBO","webhook_url":"\#(url)"}"#, headers: [:])
                let done = try await poll(client, key: t.key, task: task, timeout: .seconds(200), every: .seconds(1))
                #expect(done["status"] as? String == "succeeded")
                #expect((done["updated_at"] as? Int ?? 0) - (done["created_at"] as? Int ?? 0) >= 130_000)
                var delivered: [WebhookInbox.Delivery] = []
                for _ in 0..<100 where delivered.isEmpty {
                    delivered = await inbox.deliveries
                    try await Task.sleep(for: .milliseconds(50))
                }
                let payload = try #require(delivered.first.flatMap { try JSONSerialization.jsonObject(with: Data($0.body.readableBytesView)) as? [String: Any] })
                #expect(payload["generation_id"] as? String == task)
                #expect(payload["data"] != nil)
            }
        }
        #expect(try await t.balance() == 10_000_000 - 30_000)
    }

    @Test func privateWebhookAddressesAreRefusedBeforeAnythingIsHeld() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            for url in ["http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://[::1]/x", "http://169.254.169.254/latest"] {
                let r = try await client.postJSON(Self.generate, key: t.key, json: #"{"prompt":"x","webhook_url":"\#(url)"}"#)
                #expect(r.status == .badRequest && r.errorCode == "webhook_url_not_allowed", "\(url)")
            }
            let r = try await client.postJSON(Self.generate, key: t.key, json: #"{"prompt":"x","webhook_url":"ftp://example.com/x"}"#)
            #expect(r.errorCode == "invalid_webhook_url")
        }
        #expect(try await t.balance() == 10_000_000)
    }

    @Test func aRestartFailsUnfinishedTasksAndReleasesThem() async throws {
        let t = try await TestGateway.make()
        let store = t.gateway.store
        // What a crash leaves: a running task whose money is held.
        _ = try await store.hold(HoldRequest(requestID: "req_lost", accountID: t.accountID, amount: 90_000, at: 1))
        try await store.createTask(TaskRecord(
            id: "task_lost", accountID: t.accountID, requestID: "req_lost", operation: "v3.generate", status: .running,
            httpStatus: nil, result: nil, webhookURL: nil, createdAt: 1, updatedAt: 1))
        var config = t.gateway.config
        config.port = 0
        let restarted = try await Ideogate.open(config, logger: t.gateway.logger)
        let task = try #require(try await restarted.store.task(id: "task_lost"))
        #expect(task.status == .failed && task.httpStatus == 503)
        #expect(String(decoding: task.result ?? [], as: UTF8.self).contains("task_interrupted"))
        #expect(try await t.balance() == 10_000_000)
        #expect(try await store.audit(horizon: .max).isEmpty)
    }
}
