import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The `…/async/…` twins: Ideogram's `{generation_id}` answer, a task behind it that completes
/// with the synchronous body, and the same charge.
@Suite struct IdeogramV4AsyncTests {
    func waitForTask(_ client: some TestClientProtocol, key: String, id: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let r = try await client.execute(uri: "/ideogram/tasks/\(id)", method: .get, headers: [HTTPField.Name("Api-Key")!: key])
            if let status = r.json["status"] as? String, ["succeeded", "failed", "cancelled"].contains(status) { return r.json }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("generation \(id) did not finish")
        return [:]
    }

    @Test func asyncGenerateAnswersAGenerationIDAndCompletes() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let r = try await client.postJSON(
                "/ideogram/v1/ideogram-v4/async/generate", key: t.key, json: #"{"text_prompt":"a kite","rendering_speed":"DEFAULT","resolution":"1280x800"}"#)
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            #expect(Set(r.json.keys) == ["generation_id"])
            let id = try #require(r.json["generation_id"] as? String)
            let done = try await waitForTask(client, key: t.key, id: id)
            #expect(done["status"] as? String == "succeeded")
            let result = try #require(done["result"] as? [String: Any])
            #expect(result["response_type"] as? String == "url")
            #expect((result["data"] as? [[String: Any]])?.first?["resolution"] as? String == "1280x800")
        }
        #expect(try await t.balance() == 10_000_000 - 60_000)
    }

    @Test func everyAsyncTwinIsServed() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let transparent = try await client.postJSON(
                "/v1/ideogram-v4/async/generate-transparent", key: t.key, json: #"{"text_prompt":"a sticker","rendering_speed":"TURBO"}"#)
            var form = MultipartForm([("text_prompt", "x"), ("rendering_speed", "TURBO")])
            form.addFile("image", bytes: Fixtures.png())
            let remix = try await client.postForm("/v1/ideogram-v4/async/remix", key: t.key, form: form)
            for response in [transparent, remix] {
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let id = try #require(response.json["generation_id"] as? String)
                #expect(try await waitForTask(client, key: t.key, id: id)["status"] as? String == "succeeded")
            }
        }
        #expect(try await t.balance() == 10_000_000 - 40_000 - 30_000)
    }

    @Test func webhookOnlyTwinsRunWithAWebhook() async throws {
        let inbox = WebhookInbox()
        let t = try await TestGateway.make { $0.allowPrivateWebhooks = true }
        try await WebhookReceiver.with(inbox) { url in
            try await t.test { client in
                let encoded = url.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? url
                let r = try await client.postJSON(
                    "/v1/ideogram-v45/async/generate?webhook_url=\(encoded)", key: t.key, json: #"{"text_prompt":"x","rendering_speed":"TURBO"}"#)
                #expect(r.status == .ok, "\(String(buffer: r.body))")
                let id = try #require(r.json["generation_id"] as? String)
                #expect(try await waitForTask(client, key: t.key, id: id)["status"] as? String == "succeeded")
            }
        }
        #expect(try await t.balance() == 10_000_000 - 30_000)
    }
}
