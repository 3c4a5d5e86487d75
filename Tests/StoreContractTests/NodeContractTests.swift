import Foundation
import Gateway
import Testing

/// The contract of what nodes share through the store (DESIGN.md §8): heartbeats, the work each
/// node owns, and image-slot leases that never exceed a channel's limit however many nodes race.
@Suite("Store contract: nodes")
struct NodeContractTests {
    static let backends = StoreBackend.all

    @Test(arguments: backends)
    func heartbeatsInsertThenMoveOn(_ backend: StoreBackend) async throws {
        let store = try await backend.open()
        try await store.heartbeat(NodeRecord(id: "a", host: "h1", startedAt: 10, lastSeen: 10), leasesUntil: 100)
        try await store.heartbeat(NodeRecord(id: "b", host: "h2", startedAt: 20, lastSeen: 20), leasesUntil: 100)
        try await store.heartbeat(NodeRecord(id: "a", host: "h1", startedAt: 10, lastSeen: 30), leasesUntil: 100)
        #expect(try await store.nodes() == [
            NodeRecord(id: "a", host: "h1", startedAt: 10, lastSeen: 30), NodeRecord(id: "b", host: "h2", startedAt: 20, lastSeen: 20),
        ])
        try await store.removeNode(id: "a")
        #expect(try await store.nodes().map(\.id) == ["b"])
        try await store.close()
    }

    @Test(arguments: backends)
    func leasesNeverExceedTheLimitUnderRaces(_ backend: StoreBackend) async throws {
        let store = try await backend.open()
        let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<40 {
                group.addTask {
                    try await store.leaseSlots(
                        SlotLease(id: "l\(i)", channelID: "ch", node: i.isMultiple(of: 2) ? "a" : "b", images: 1, expiresAt: 1_000),
                        limit: 7, now: 0)
                }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(granted == 7)
        #expect(try await store.leasedSlots(channelID: "ch", now: 0) == 7)
        // Another channel has its own limit.
        #expect(try await store.leaseSlots(SlotLease(id: "other", channelID: "ch2", node: "a", images: 3, expiresAt: 1_000), limit: 3, now: 0))
        // A lease larger than what is left is refused whole.
        try await store.releaseSlots(leaseID: try #require(await firstGranted(store)))
        #expect(try await store.leaseSlots(SlotLease(id: "two", channelID: "ch", node: "a", images: 2, expiresAt: 1_000), limit: 7, now: 0) == false)
        #expect(try await store.leaseSlots(SlotLease(id: "one", channelID: "ch", node: "a", images: 1, expiresAt: 1_000), limit: 7, now: 0))
        // Releasing twice changes nothing.
        try await store.releaseSlots(leaseID: "one")
        try await store.releaseSlots(leaseID: "one")
        #expect(try await store.leasedSlots(channelID: "ch", now: 0) == 6)
        try await store.close()
    }

    @Test(arguments: backends)
    func leasesExpireUnlessTheHeartbeatRenewsThem(_ backend: StoreBackend) async throws {
        let store = try await backend.open()
        try await store.heartbeat(NodeRecord(id: "live", host: "h", startedAt: 0, lastSeen: 0), leasesUntil: 100)
        try await store.heartbeat(NodeRecord(id: "dead", host: "h", startedAt: 0, lastSeen: 0), leasesUntil: 100)
        #expect(try await store.leaseSlots(SlotLease(id: "x", channelID: "ch", node: "live", images: 2, expiresAt: 100), limit: 4, now: 0))
        #expect(try await store.leaseSlots(SlotLease(id: "y", channelID: "ch", node: "dead", images: 2, expiresAt: 100), limit: 4, now: 0))
        #expect(try await store.leaseSlots(SlotLease(id: "z", channelID: "ch", node: "live", images: 1, expiresAt: 100), limit: 4, now: 50) == false)
        // Only the live node beats on: its lease is moved, the dead node's lapses.
        try await store.heartbeat(NodeRecord(id: "live", host: "h", startedAt: 0, lastSeen: 90), leasesUntil: 300)
        #expect(try await store.leasedSlots(channelID: "ch", now: 150) == 2)
        #expect(try await store.leaseSlots(SlotLease(id: "z", channelID: "ch", node: "live", images: 2, expiresAt: 300), limit: 4, now: 150))
        // Removing a node removes its leases at once.
        try await store.removeNode(id: "live")
        #expect(try await store.leasedSlots(channelID: "ch", now: 150) == 0)
        try await store.close()
    }

    @Test(arguments: backends)
    func workRemembersItsNode(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 1_000)
        let store = books.store
        _ = try await store.hold(HoldRequest(requestID: "r-a", accountID: books.accountID, amount: 100, at: 1, units: 1, node: "a"))
        _ = try await store.hold(HoldRequest(requestID: "r-old", accountID: books.accountID, amount: 100, at: 2))
        #expect(try await store.openHolds(olderThan: .max).map(\.node) == ["a", nil])
        try await store.createTask(TaskRecord(
            id: "t1", accountID: books.accountID, requestID: "r-a", operation: "v3.generate", status: .queued, httpStatus: nil,
            result: nil, webhookURL: nil, createdAt: 1, updatedAt: 1, node: "a"))
        #expect(try await store.task(id: "t1")?.node == "a")
        #expect(try await store.unfinishedTasks().map(\.node) == ["a"])
        // Claims of a dead node, and claims with no node, are freed; a live node's stay.
        let account = books.accountID
        _ = try await store.claimIdempotencyKey(accountID: account, key: "ka", fingerprint: "f", at: 1, staleBefore: 0, node: "a")
        _ = try await store.claimIdempotencyKey(accountID: account, key: "kb", fingerprint: "f", at: 1, staleBefore: 0, node: "b")
        _ = try await store.claimIdempotencyKey(accountID: account, key: "kn", fingerprint: "f", at: 1, staleBefore: 0, node: nil)
        #expect(try await store.abandonUnfinishedIdempotencyKeys(ofNodes: ["a"]) == 2)
        #expect(try await store.claimIdempotencyKey(accountID: account, key: "ka", fingerprint: "g", at: 2, staleBefore: 0, node: "c") == .claimed)
        #expect(try await store.claimIdempotencyKey(accountID: account, key: "kb", fingerprint: "g", at: 2, staleBefore: 0, node: "c") == .inProgress(fingerprint: "f"))
        try await store.close()
    }

    private func firstGranted(_ store: any GatewayStore) async throws -> String? {
        for i in 0..<40 where try await store.leasedSlots(channelID: "ch", now: 0) > 0 {
            // Releasing an id that was never granted is harmless; find one that was.
            let before = try await store.leasedSlots(channelID: "ch", now: 0)
            try await store.releaseSlots(leaseID: "l\(i)")
            if try await store.leasedSlots(channelID: "ch", now: 0) < before {
                // Put it back so the caller's release is the one that counts.
                _ = try await store.leaseSlots(SlotLease(id: "l\(i)", channelID: "ch", node: "a", images: 1, expiresAt: 1_000), limit: 7, now: 0)
                return "l\(i)"
            }
        }
        return nil
    }

    @Test(arguments: backends)
    func aCancelAskedElsewhereReachesTheRunningNodeOnly(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 0)
        let store = books.store
        for (id, node, status) in [("t-a", "a", TaskStatus.running), ("t-b", "b", .queued), ("t-done", "a", .succeeded)] {
            try await store.createTask(TaskRecord(
                id: id, accountID: books.accountID, requestID: "r-" + id, operation: "v3.generate", status: status, httpStatus: nil,
                result: nil, webhookURL: nil, createdAt: 1, updatedAt: 1, node: node))
        }
        #expect(try await store.tasksToCancel(node: "a").isEmpty)
        #expect(try await store.requestTaskCancel(id: "t-a", at: 2))
        #expect(try await store.requestTaskCancel(id: "t-done", at: 2) == false)
        #expect(try await store.tasksToCancel(node: "a") == ["t-a"])
        #expect(try await store.tasksToCancel(node: "b").isEmpty)
        // Once it ends, nothing is left to cancel.
        #expect(try await store.updateTask(id: "t-a", status: .cancelled, httpStatus: 499, result: nil, at: 3))
        #expect(try await store.tasksToCancel(node: "a").isEmpty)
        try await store.close()
    }
}

