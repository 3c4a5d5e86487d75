import Foundation
import Gateway
import GatewayPostgres
import GatewaySQLite
import Logging
import Testing

/// The one contract every store backend passes (DESIGN.md §2, §3): each money rule, asserted as
/// exact balances and outcomes, so a backend that bends one fails here. A new backend adds an
/// entry to `StoreBackend.all` and nothing else.
@Suite("Store contract")
struct StoreContractTests {
    static let backends = StoreBackend.all

    // MARK: Holds

    @Test(arguments: backends)
    func holdTakesTheWholeAmountOrNothing(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 1_000)
        #expect(try await books.hold("r1", 600) == .held(balanceAfter: 400))
        #expect(try await books.hold("r2", 600) == .insufficient(balance: 400))
        #expect(try await books.balance() == 400)
        #expect(try await books.store.hold(HoldRequest(requestID: "r3", accountID: "nobody", amount: 1, at: 1)) == .noSuchAccount)
        try await books.expectCleanAudit(openHoldsAllowed: true)
    }

    @Test(arguments: backends)
    func concurrentHoldsNeverOverdraw(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 20 * 100)
        let outcomes = try await withThrowingTaskGroup(of: HoldOutcome.self) { group in
            for i in 0..<50 { group.addTask { try await books.hold("r\(i)", 100) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { if case .held = $0 { true } else { false } }.count == 20)
        #expect(outcomes.filter { $0 == .insufficient(balance: 0) }.count == 30)
        #expect(try await books.balance() == 0)
        #expect(try await books.store.openHolds(olderThan: .max).count == 20)
        try await books.expectCleanAudit(openHoldsAllowed: true)
    }

    @Test(arguments: backends)
    func holdIsIdempotentByRequestID(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 1_000)
        let outcomes = try await withThrowingTaskGroup(of: HoldOutcome.self) { group in
            for _ in 0..<10 { group.addTask { try await books.hold("same", 300) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .held(balanceAfter: 700) }.count == 1)
        #expect(outcomes.filter { $0 == .duplicate }.count == 9)
        #expect(try await books.hold("same", 300) == .duplicate)
        #expect(try await books.balance() == 700)
    }

    // MARK: Settlements

    @Test(arguments: backends)
    func settleKeepsTheChargeAndReturnsTheRestOnce(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 1_000)
        _ = try await books.hold("r1", 500)
        let outcomes = try await withThrowingTaskGroup(of: SettleOutcome.self) { group in
            for _ in 0..<10 { group.addTask { try await books.store.settle(requestID: "r1", charge: 200, at: 2) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .settled(chargedMicros: 200) }.count == 1)
        #expect(outcomes.filter { $0 == .alreadySettled }.count == 9)
        #expect(try await books.store.settle(requestID: "r1", charge: 500, at: 3) == .alreadySettled)
        #expect(try await books.balance() == 800)
        #expect(try await books.store.settle(requestID: "never-held", charge: 100, at: 3) == .noHold)
        try await books.expectCleanAudit()
    }

    @Test(arguments: backends)
    func settleNeverKeepsMoreThanHeldNorLessThanNothing(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 1_000)
        _ = try await books.hold("over", 300)
        #expect(try await books.store.settle(requestID: "over", charge: 900, at: 2) == .settled(chargedMicros: 300))
        #expect(try await books.balance() == 700)
        _ = try await books.hold("under", 300)
        #expect(try await books.store.settle(requestID: "under", charge: -50, at: 2) == .settled(chargedMicros: 0))
        #expect(try await books.balance() == 700)
        try await books.expectCleanAudit()
    }

    @Test(arguments: backends)
    func releaseReturnsTheWholeHold(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 1_000)
        _ = try await books.hold("r1", 999)
        #expect(try await books.balance() == 1)
        #expect(try await books.store.settle(requestID: "r1", charge: 0, at: 2) == .settled(chargedMicros: 0))
        #expect(try await books.balance() == 1_000)
        #expect(try await books.store.openHolds(olderThan: .max).isEmpty)
        try await books.expectCleanAudit()
    }

    @Test(arguments: backends)
    func settlementCommitsItsUsageRowLossesAndTask(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 1_000)
        let store = books.store
        try await store.createTask(TaskRecord(
            id: "task_1", accountID: books.accountID, requestID: "r1", operation: "v3.generate", status: .running,
            httpStatus: nil, result: nil, webhookURL: nil, createdAt: 1, updatedAt: 1))
        _ = try await books.hold("r1", 400)
        let loss = OperatorLoss(requestID: "r1", accountID: books.accountID, channel: "ch", images: 1, reason: .withheldBySafety, createdAt: 2)
        let outcome = try await store.settle(
            requestID: "r1", charge: 100, at: 2, usage: books.usage("r1", charged: 100),
            task: TaskFinish(taskID: "task_1", status: .succeeded, httpStatus: 200, result: Array("done".utf8)), losses: [loss])
        #expect(outcome == .settled(chargedMicros: 100))
        #expect(try await books.balance() == 900)
        #expect(try await store.usage(accountID: books.accountID, limit: 10, offset: 0).map(\.requestID) == ["r1"])
        #expect(try await store.losses(since: nil, limit: 10) == [loss])
        let task = try #require(try await store.task(id: "task_1"))
        #expect(task.status == .succeeded && task.httpStatus == 200 && task.result == Array("done".utf8))
        // A final state is final: neither a later write nor a second settlement moves it.
        #expect(try await store.updateTask(id: "task_1", status: .failed, httpStatus: 500, result: nil, at: 3) == false)
        #expect(try await store.task(id: "task_1")?.status == .succeeded)
        // A second settlement of the same request records its losses no more than once.
        let again = try await store.settle(requestID: "r1", charge: 100, at: 3, usage: nil, task: nil, losses: [loss])
        #expect(again == .alreadySettled)
        #expect(try await store.losses(since: nil, limit: 10) == [loss])
        #expect(try await books.balance() == 900)
        try await books.expectCleanAudit()
    }

    @Test(arguments: backends)
    func usageIsWrittenWithoutAHold(_ backend: StoreBackend) async throws {
        // Test keys hold nothing, but their requests are still logged.
        let books = try await Books(backend, balance: 0)
        #expect(try await books.store.settle(requestID: "test-key", charge: 0, at: 1, usage: books.usage("test-key", charged: 0)) == .noHold)
        #expect(try await books.store.usage(accountID: books.accountID, limit: 10, offset: 0).map(\.requestID) == ["test-key"])
    }

    // MARK: Adjustments and codes

    @Test(arguments: backends)
    func adjustmentsApplyOncePerEntryID(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 1_000)
        let balances = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await books.store.adjust(entryID: "refund-1", accountID: books.accountID, amount: 250, kind: .credit, memo: "refund", at: 2)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(try await books.balance() == 1_250)
        #expect(balances.allSatisfy { $0 == 1_250 })
        let entries = try await books.store.ledgerEntries(accountID: books.accountID, limit: 100, offset: 0)
        #expect(entries.filter { $0.requestID == "refund-1" }.map(\.kind) == [.credit])
        try await books.expectCleanAudit()
    }

    @Test(arguments: backends)
    func aDebitNeverTakesTheBalanceBelowZero(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 1_000)
        let store = books.store
        #expect(try await store.adjust(entryID: "d1", accountID: books.accountID, amount: -1_001, kind: .debit, memo: "", at: 2) == nil)
        #expect(try await books.balance() == 1_000)
        #expect(try await store.adjust(entryID: "d2", accountID: books.accountID, amount: -1_000, kind: .debit, memo: "", at: 2) == 0)
        #expect(try await store.adjust(entryID: "d3", accountID: books.accountID, amount: -1, kind: .debit, memo: "", at: 2) == nil)
        #expect(try await store.adjust(entryID: "c1", accountID: "nobody", amount: 5, kind: .credit, memo: "", at: 2) == nil)
        #expect(try await books.balance() == 0)
        try await books.expectCleanAudit()
    }

    @Test(arguments: backends)
    func aCodePaysOutOnceUnderRaces(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 0)
        let store = books.store
        try await store.createRedemptionCodes([
            RedemptionCode(codeHash: "good", prefix: "IDG-GOOD", batch: "b", amountMicros: 700, createdAt: 1),
            RedemptionCode(codeHash: "old", prefix: "IDG-OLD", batch: "b", amountMicros: 700, createdAt: 1, expiresAt: 5),
        ])
        let outcomes = try await withThrowingTaskGroup(of: RedeemOutcome.self) { group in
            for _ in 0..<20 { group.addTask { try await store.redeem(codeHash: "good", accountID: books.accountID, at: 10) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .redeemed(amountMicros: 700, balanceAfter: 700) }.count == 1)
        #expect(outcomes.filter { $0 == .alreadyRedeemed }.count == 19)
        #expect(try await store.redeem(codeHash: "old", accountID: books.accountID, at: 10) == .expired)
        #expect(try await store.redeem(codeHash: "missing", accountID: books.accountID, at: 10) == .unknown)
        #expect(try await books.balance() == 700)
        #expect(try await store.redemptionCodes(batch: "b", limit: 10, offset: 0).first { $0.codeHash == "good" }?.redeemedBy == books.accountID)
        try await books.expectCleanAudit()
    }

    // MARK: Key spend limits

    @Test(arguments: backends)
    func aKeyLifetimeLimitIsRefusedAtomically(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 10_000)
        let keyID = try await books.key()
        let results = try await withThrowingTaskGroup(of: (String, HoldOutcome).self) { group in
            for i in 0..<10 {
                group.addTask {
                    let id = "r\(i)"
                    return (id, try await books.store.hold(HoldRequest(
                        requestID: id, accountID: books.accountID, keyID: keyID, amount: 300, spendLimit: 1_000, at: Books.day)))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let held = results.filter { if case .held = $0.1 { true } else { false } }.map(\.0)
        #expect(held.count == 3)
        #expect(results.filter { $0.1 == .keySpendLimit(limit: 1_000, spent: 900) }.count == 7)
        #expect(try await books.balance() == 9_100)
        #expect(try await books.store.key(id: keyID)?.spentMicros == 900)
        // What a settlement returns no longer counts against the key.
        _ = try await books.store.settle(requestID: try #require(held.first), charge: 100, at: Books.day)
        #expect(try await books.store.key(id: keyID)?.spentMicros == 700)
    }

    @Test(arguments: backends)
    func aKeyDailyLimitIsRefusedAtomicallyAndResetsNextDay(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 10_000)
        let keyID = try await books.key()
        func hold(_ id: String, at: Millis) async throws -> HoldOutcome {
            try await books.store.hold(HoldRequest(
                requestID: id, accountID: books.accountID, keyID: keyID, amount: 200, dailySpendLimit: 500, at: at))
        }
        let results = try await withThrowingTaskGroup(of: (String, HoldOutcome).self) { group in
            for i in 0..<6 { group.addTask { ("d\(i)", try await hold("d\(i)", at: Books.day)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let held = results.filter { if case .held = $0.1 { true } else { false } }.map(\.0)
        #expect(held.count == 2)
        #expect(results.filter { $0.1 == .keyDailyLimit(limit: 500, spent: 400) }.count == 4)
        #expect(try await hold("next-day", at: Books.day + 86_400_000) == .held(balanceAfter: 9_400))
        // A release gives the day its room back.
        _ = try await books.store.settle(requestID: try #require(held.first), charge: 0, at: Books.day)
        let freed = try await hold("again", at: Books.day + 1)
        #expect(freed == .held(balanceAfter: 9_400))
    }

    // MARK: Open holds, the sweep and the audit

    @Test(arguments: backends)
    func openHoldsAreListedAndSwept(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 1_000)
        _ = try await books.hold("early", 100, at: 1_000)
        _ = try await books.hold("late", 200, at: 2_000)
        _ = try await books.hold("done", 300, at: 500)
        _ = try await books.store.settle(requestID: "done", charge: 300, at: 600)
        #expect(try await books.store.openHolds(olderThan: 1_500).map(\.requestID) == ["early"])
        let open = try await books.store.openHolds(olderThan: .max)
        #expect(open.map(\.requestID) == ["early", "late"])
        #expect(open.map(\.amountMicros) == [100, 200])
        let released = try await Ledger.sweep(store: books.store, olderThan: .max, logger: Logger(label: "contract"))
        #expect(released == 2)
        #expect(try await books.store.openHolds(olderThan: .max).isEmpty)
        #expect(try await books.balance() == 700)
        try await books.expectCleanAudit()
    }

    @Test(arguments: backends)
    func theAuditFindsMismatchesAndPassesConsistentBooks(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 1_000)
        _ = try await books.hold("r1", 100, at: 1_000)
        _ = try await books.store.settle(requestID: "r1", charge: 40, at: 1_100)
        #expect(try await books.store.audit(horizon: .max) == [])
        // A hold past the horizon is a finding; one inside it is a request in flight.
        _ = try await books.hold("stuck", 50, at: 2_000)
        #expect(try await books.store.audit(horizon: 2_000) == [])
        #expect(try await books.store.audit(horizon: 3_000).map(\.accountID) == [books.accountID])
        _ = try await books.store.settle(requestID: "stuck", charge: 0, at: 3_000)
        // An account whose balance did not come from its ledger.
        try await books.store.createAccount(Account(id: "forged", name: "forged", tier: "default", balanceMicros: 500, createdAt: 1))
        let findings = try await books.store.audit(horizon: .max)
        #expect(findings.map(\.accountID) == ["forged"])
        #expect(findings.first?.problem.contains("500") == true)
    }

    @Test(arguments: backends)
    func aRequestsImagesAreListedInDeliveryOrderForItsAccountOnly(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 0)
        try await books.store.createAccount(Account(id: "acct_other", name: "other", tier: "default", balanceMicros: 0, createdAt: 1))
        for (id, account) in [("img_b", books.accountID), ("img_x", "acct_other"), ("img_a", books.accountID)] {
            try await books.store.recordImage(StoredImage(
                id: id, requestID: "r1", accountID: account, contentType: "image/png", byteCount: 1, etag: "\"e\"", createdAt: 5))
        }
        #expect(try await books.store.imageIDs(requestID: "r1", accountID: books.accountID) == ["img_b", "img_a"])
        #expect(try await books.store.imageIDs(requestID: "r1", accountID: "acct_other") == ["img_x"])
        #expect(try await books.store.imageIDs(requestID: "r2", accountID: books.accountID).isEmpty)
    }

    @Test(arguments: backends)
    func lossesAreRecordedAndListedNewestFirst(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 0)
        let first = OperatorLoss(requestID: "a", accountID: books.accountID, channel: nil, images: 2, reason: .interrupted, createdAt: 10)
        let second = OperatorLoss(requestID: "b", accountID: books.accountID, channel: "c", images: 1, reason: .uncertainUpstream, createdAt: 20)
        try await books.store.recordLosses([first, second])
        #expect(try await books.store.losses(since: nil, limit: 10) == [second, first])
        #expect(try await books.store.losses(since: 15, limit: 10) == [second])
        #expect(try await books.store.losses(since: nil, limit: 1) == [second])
    }

    // MARK: Idempotency-Keys

    @Test(arguments: backends)
    func idempotencyClaimsFollowTheirLifecycle(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 0)
        let store = books.store, account = books.accountID
        func claim(_ key: String, _ fingerprint: String = "fp", at: Millis = 1_000, staleBefore: Millis = 0) async throws -> IdempotencyClaim {
            try await store.claimIdempotencyKey(accountID: account, key: key, fingerprint: fingerprint, at: at, staleBefore: staleBefore)
        }
        // Claimed once, however many race for it.
        let outcomes = try await withThrowingTaskGroup(of: IdempotencyClaim.self) { group in
            for _ in 0..<10 { group.addTask { try await claim("k1") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .claimed }.count == 1)
        #expect(outcomes.filter { $0 == .inProgress(fingerprint: "fp") }.count == 9)
        // Finished: the stored response, with the first request's fingerprint.
        let response = StoredResponse(status: 200, headers: ["x-a": "b"], body: Array("ok".utf8))
        try await store.completeIdempotencyKey(accountID: account, key: "k1", response: response)
        #expect(try await claim("k1", "other") == .finished(fingerprint: "fp", response: response))
        // A claim in progress older than the longest request is taken over; a finished one is not.
        #expect(try await claim("k2", at: 1_000) == .claimed)
        #expect(try await claim("k2", at: 1_500, staleBefore: 1_000) == .inProgress(fingerprint: "fp"))
        #expect(try await claim("k2", "new", at: 2_000, staleBefore: 1_001) == .claimed)
        #expect(try await claim("k2", at: 2_001) == .inProgress(fingerprint: "new"))
        #expect(try await claim("k1", at: 9_000, staleBefore: 9_000) == .finished(fingerprint: "fp", response: response))
        // Released: the key is free again.
        try await store.releaseIdempotencyKey(accountID: account, key: "k2")
        #expect(try await claim("k2", "third", at: 2_100) == .claimed)
        // Start-up drops every claim still in progress, and only those.
        #expect(try await store.abandonUnfinishedIdempotencyKeys(ofNodes: []) == 1)
        #expect(try await claim("k2", "fourth", at: 2_200) == .claimed)
        #expect(try await claim("k1", at: 2_200) == .finished(fingerprint: "fp", response: response))
        // Pruning deletes by age, finished or not.
        #expect(try await store.pruneIdempotencyKeys(olderThan: 2_000) == 1)
        #expect(try await claim("k1", "after-prune", at: 2_300) == .claimed)
        #expect(try await store.pruneIdempotencyKeys(olderThan: 10_000) == 2)
    }
}

/// One backend under contract: how to open a fresh, empty store of it.
struct StoreBackend: Sendable, CustomTestStringConvertible {
    let name: String
    /// Opens `count` stores on one fresh, empty database: one for most tests, two for the
    /// tests of what one store sees of another's commits (two nodes, or a node and the CLI).
    let openShared: @Sendable (_ count: Int) async throws -> [any GatewayStore]

    var testDescription: String { name }

    func open() async throws -> any GatewayStore {
        try await openShared(1)[0]
    }

    /// Every backend the gateway ships. PostgreSQL joins when `IDEOGATE_TEST_POSTGRES_URL`
    /// names a server (scripts/test starts one); with `IDEOGATE_REQUIRE_POSTGRES=1` and no URL,
    /// every test fails instead of silently covering SQLite alone.
    static let all: [StoreBackend] = [
        StoreBackend(name: "SQLite") { count in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-contract-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("ideogate.sqlite").path
            return try (0..<count).map { _ in try SQLiteStore(path: path) }
        },
    ] + PostgresTestServer.backends
}

/// A fresh store with one account funded through the ledger, so its books start consistent.
struct Books: Sendable {
    /// Noon UTC on a fixed day, so daily limits never straddle midnight.
    static let day: Millis = 1_767_268_800_000

    let store: any GatewayStore
    let accountID: String

    init(_ backend: StoreBackend, balance: Int64) async throws {
        store = try await backend.open()
        accountID = "acct_contract"
        try await store.createAccount(Account(id: accountID, name: "contract", tier: "default", balanceMicros: 0, createdAt: 1))
        if balance > 0 {
            let after = try await store.adjust(entryID: "opening", accountID: accountID, amount: balance, kind: .credit, memo: "opening", at: 1)
            try #require(after == balance)
        }
    }

    func balance() async throws -> Int64? {
        try await store.account(id: accountID)?.balanceMicros
    }

    func hold(_ requestID: String, _ amount: Int64, at: Millis = 1_000) async throws -> HoldOutcome {
        try await store.hold(HoldRequest(requestID: requestID, accountID: accountID, amount: amount, at: at))
    }

    func key() async throws -> String {
        let key = APIKeyRecord(
            id: "key_contract", accountID: accountID, prefix: "sk-contract", hash: "hash-contract", label: "contract",
            isTest: false, createdAt: 1)
        try await store.createKey(key)
        return key.id
    }

    func usage(_ requestID: String, charged: Int64) -> UsageRecord {
        UsageRecord(
            requestID: requestID, accountID: accountID, keyID: nil, operation: "v3.generate", variant: "TURBO",
            imagesRequested: 1, imagesDelivered: 1, unitPriceMicros: charged, chargedMicros: charged, status: 200,
            errorCode: nil, latencyMillis: 5, channel: "sandbox", createdAt: 2)
    }

    /// Balance equals the ledger's sum for every account; with `openHoldsAllowed`, holds in
    /// flight are not findings.
    func expectCleanAudit(openHoldsAllowed: Bool = false) async throws {
        let findings = try await store.audit(horizon: openHoldsAllowed ? 0 : .max)
        #expect(findings == [], "audit: \(findings)")
    }
}
