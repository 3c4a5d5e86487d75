import Foundation
@testable import Gateway
import Logging
import NIOConcurrencyHelpers
import Testing

/// A node's work is released by the others only once its heartbeat is older than the horizon,
/// never while it lives (DESIGN.md §8). Run on one store with two registries, as two nodes on
/// one database would be, with a clock the test moves.
@Suite("Node reaping")
struct NodeReapingTests {
    final class Clock: Sendable {
        let value = NIOLockedValueBox<Millis>(1_000_000)
        func callAsFunction() -> Millis { value.withLockedValue { $0 } }
        func advance(seconds: Int64) { value.withLockedValue { $0 += seconds * 1000 } }
    }

    @Test func aDeadNodesHoldsTasksAndClaimsAreReleasedAfterTheHorizonOnly() async throws {
        let t = try await TestGateway.make(credit: 1_000_000)
        let store = t.gateway.store
        let clock = Clock()
        let logger = Logger(label: "test")
        func registry(_ id: String) -> NodeRegistry {
            NodeRegistry(
                store: store, identity: NodeIdentity(id: id, host: "test", startedAt: clock()), horizon: .seconds(15), logger: logger,
                shared: true, now: { clock() })
        }
        let a = registry("node-a"), b = registry("node-b")
        try await a.beat()
        try await b.beat()
        let runner = TaskRunner(
            store: store, webhooks: WebhookSender(store: store, guardrail: WebhookAddressGuard(allowPrivate: true), keys: t.gateway.webhookKeys, backoff: [], logger: logger),
            logger: logger, node: "node-b")

        // Node A holds money, runs a task and has claimed an Idempotency-Key.
        #expect(try await store.hold(HoldRequest(requestID: "req-a", accountID: t.accountID, amount: 300_000, at: clock(), units: 1, node: "node-a"))
            == .held(balanceAfter: 700_000))
        try await store.createTask(TaskRecord(
            id: "task-a", accountID: t.accountID, requestID: "req-a", operation: "v3.generate", status: .running, httpStatus: nil,
            result: nil, webhookURL: nil, createdAt: clock(), updatedAt: clock(), node: "node-a"))
        #expect(try await store.claimIdempotencyKey(accountID: t.accountID, key: "k", fingerprint: "f", at: clock(), staleBefore: 0, node: "node-a") == .claimed)

        // Within the horizon node A is alive, even though it has not beaten for ten seconds.
        clock.advance(seconds: 10)
        try await b.beat()
        #expect(try await b.reap(tasks: runner) == NodeRegistry.Reaped())
        #expect(try await t.balance() == 700_000)
        #expect(try await store.task(id: "task-a")?.status == .running)

        // Past it, node B releases everything node A left, once.
        clock.advance(seconds: 6)
        try await b.beat()
        let reaped = try await b.reap(tasks: runner)
        #expect(reaped == NodeRegistry.Reaped(holds: 1, tasks: 1, claims: 1, nodes: 1))
        #expect(try await t.balance() == 1_000_000)
        #expect(try await store.task(id: "task-a")?.status == .failed)
        #expect(try await store.claimIdempotencyKey(accountID: t.accountID, key: "k", fingerprint: "f", at: clock(), staleBefore: 0, node: "node-b") == .claimed)
        #expect(try await store.nodes().map(\.id).contains("node-a") == false)
        #expect(try await b.reap(tasks: runner) == NodeRegistry.Reaped())
        #expect(try await store.audit(horizon: .max).isEmpty)
    }

    @Test func aNodeLeavingReleasesOnlyItsOwnHolds() async throws {
        let t = try await TestGateway.make(credit: 1_000_000)
        let store = t.gateway.store
        let logger = Logger(label: "test")
        let a = NodeRegistry(store: store, identity: NodeIdentity(id: "node-a", host: "t", startedAt: 1), horizon: .seconds(15), logger: logger, shared: true)
        let b = NodeRegistry(store: store, identity: NodeIdentity(id: "node-b", host: "t", startedAt: 1), horizon: .seconds(15), logger: logger, shared: true)
        try await a.beat()
        try await b.beat()
        _ = try await store.hold(HoldRequest(requestID: "ra", accountID: t.accountID, amount: 100_000, at: 1, units: 1, node: "node-a"))
        _ = try await store.hold(HoldRequest(requestID: "rb", accountID: t.accountID, amount: 200_000, at: 1, units: 1, node: "node-b"))
        #expect(try await a.leave() == 1)
        #expect(try await t.balance() == 800_000)
        #expect(try await store.openHolds(olderThan: .max).map(\.requestID) == ["rb"])
        let nodes = try await store.nodes().map(\.id)
        #expect(!nodes.contains("node-a") && nodes.contains("node-b"))
    }

    /// A cancel that reaches a node other than the one running the task: the asking node leaves
    /// a request in the database, the running node cancels at its next heartbeat, and the asker
    /// answers with the task as it ended — cancelled and released, as on one node.
    @Test func aTaskIsCancelledFromAnotherNode() async throws {
        let t = try await TestGateway.make(credit: 1_000_000) { $0.sandboxDelay = .seconds(30) }
        let store = t.gateway.store
        let logger = Logger(label: "test")
        let other = TaskRunner(
            store: store, webhooks: WebhookSender(store: store, guardrail: WebhookAddressGuard(allowPrivate: true), keys: t.gateway.webhookKeys, backoff: [], logger: logger),
            logger: logger, node: "node-other")
        try await t.test { client in
            let id = try await AsyncTaskTests().submit(client, key: t.key, json: #"{"prompt":"slow","rendering_speed":"TURBO"}"#)
            #expect(try await t.balance() == 1_000_000 - 30_000)
            // The running node's heartbeat, every 100 ms here.
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await t.gateway.tasks.cancelRequestedElsewhere()
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { heartbeat.cancel() }
            let ended = try await other.cancel(id, remoteWait: .seconds(20))
            #expect(ended?.status == .cancelled)
        }
        #expect(try await t.balance() == 1_000_000)
        #expect(try await store.audit(horizon: .max).isEmpty)
    }
}
