import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// A gateway with webhooks still owed stops at once: waits between retries and attempts in
/// flight end when the sender shuts down, and the delivery log says why they ended.
@Suite struct WebhookShutdownTests {
    static let body = ByteBuffer(string: #"{"task_id":"x"}"#)
    /// Alone, a shutdown takes milliseconds; the bound leaves room for a loaded machine and is
    /// still far below what waiting would take (a 10-minute retry wait, a 1-minute attempt).
    static let promptly: Duration = .seconds(10)

    func waitForRows(_ store: any TaskStore, task: String, count: Int) async throws {
        for _ in 0..<500 where try await store.webhookDeliveries(taskID: task).count < count {
            try await Task.sleep(for: .milliseconds(10))
        }
        try #require(try await store.webhookDeliveries(taskID: task).count >= count)
    }

    @Test func shutdownEndsTheWaitBeforeARetry() async throws {
        let t = try await TestGateway.make()
        let sender = WebhookSender(
            store: t.gateway.store, guardrail: WebhookAddressGuard(allowPrivate: true), keys: t.gateway.webhookKeys, backoff: [.seconds(600), .seconds(600)],
            logger: t.gateway.logger)
        try await HostReceiver.with(HostInbox(), status: .serviceUnavailable) { port in
            let delivery = Task { await sender.deliver(taskID: "task_wait", accountID: t.accountID, url: "http://127.0.0.1:\(port)/hook", body: Self.body) }
            try await waitForRows(t.gateway.store, task: "task_wait", count: 1)

            let started = ContinuousClock.now
            await sender.shutdown()
            await delivery.value
            #expect(ContinuousClock.now - started < Self.promptly)
        }
        let log = try await t.gateway.store.webhookDeliveries(taskID: "task_wait")
        #expect(log.map(\.httpStatus) == [503, nil])
        #expect(log.map(\.error) == [nil, "gateway_stopped"])

        // A delivery that comes after the shutdown is logged, not attempted.
        await sender.deliver(taskID: "task_late", accountID: t.accountID, url: "http://127.0.0.1:9/hook", body: Self.body)
        #expect(try await t.gateway.store.webhookDeliveries(taskID: "task_late").map(\.error) == ["gateway_stopped"])
        #expect(await sender.deliveries.count == 0)
        try await t.test { _ in }
    }

    @Test func shutdownCancelsAnAttemptToASlowReceiver() async throws {
        let t = try await TestGateway.make()
        let sender = WebhookSender(
            store: t.gateway.store, guardrail: WebhookAddressGuard(allowPrivate: true), keys: t.gateway.webhookKeys, backoff: [.seconds(600)],
            logger: t.gateway.logger, attemptTimeout: .seconds(60))
        let gate = Gate()
        let arrived = Counter()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            _ = try await request.body.collect(upTo: 1 << 20)
            await arrived.add()
            await gate.wait()  // answers only when the test is over
            return Response(status: .ok)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let delivery = Task { await sender.deliver(taskID: "task_slow", accountID: t.accountID, url: "http://127.0.0.1:\(port)/hook", body: Self.body) }
            for _ in 0..<500 where await arrived.value == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(await arrived.value == 1)

            let started = ContinuousClock.now
            await sender.shutdown()
            await delivery.value
            #expect(ContinuousClock.now - started < Self.promptly)
            await gate.open()
        }
        let log = try await t.gateway.store.webhookDeliveries(taskID: "task_slow")
        #expect(log.map(\.attempt) == [1] && log.map(\.error) == ["gateway_stopped"])
        try await t.test { _ in }
    }
}
