import Foundation
import Gateway
import Testing

/// The rest of the contract: every concept's reads and writes beyond the money rules, asserted
/// on each backend, so a second backend cannot drift from the first in what it stores or how it
/// orders and filters.
@Suite("Store contract: concepts")
struct StoreConceptContractTests {
    static let backends = StoreBackend.all
    /// How long a change may take to arrive before the test calls it lost. The promise is about a
    /// second; this asserts delivery, not speed (the suite shares two cores with everything else).
    static let promptly: Duration = .seconds(30)

    // MARK: Accounts and keys

    @Test(arguments: backends)
    func accountsAndKeysRoundTrip(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 500)
        let store = books.store
        try await store.createAccount(Account(id: "acct_b", name: "b", tier: "gold", balanceMicros: 0, createdAt: 5))
        #expect(try await store.accounts().map(\.id) == [books.accountID, "acct_b"])
        #expect(try await store.account(id: "missing") == nil)

        // Name, tier and disabled time change; the balance is the ledger's alone.
        var changed = try #require(try await store.account(id: books.accountID))
        changed.name = "renamed"
        changed.tier = "gold"
        changed.disabledAt = 9
        changed.balanceMicros = 1_000_000
        try await store.updateAccount(changed)
        let read = try #require(try await store.account(id: books.accountID))
        #expect(read.name == "renamed" && read.tier == "gold" && read.disabledAt == 9 && read.balanceMicros == 500)

        let scope = KeyScope(operations: ["v3.generate"], models: ["TURBO"], ipRanges: ["10.0.0.0/8"], spendLimitMicros: 7, dailySpendLimitMicros: 3)
        let first = APIKeyRecord(
            id: "key_1", accountID: books.accountID, prefix: "sk-1", hash: "h1", label: "one", isTest: false, createdAt: 10,
            expiresAt: 100, scope: scope)
        let second = APIKeyRecord(id: "key_2", accountID: "acct_b", prefix: "sk-2", hash: "h2", label: "two", isTest: true, createdAt: 20)
        try await store.createKey(second)
        try await store.createKey(first)
        #expect(try await store.key(hash: "h1") == first)
        #expect(try await store.key(id: "key_2") == second)
        #expect(try await store.key(hash: "nope") == nil)
        #expect(try await store.keys(accountID: nil).map(\.id) == ["key_1", "key_2"])
        #expect(try await store.keys(accountID: "acct_b").map(\.id) == ["key_2"])

        // Label, expiry, scope and revocation change; hash and spend stay.
        var revoked = first
        revoked.label = "revoked"
        revoked.expiresAt = nil
        revoked.revokedAt = 50
        revoked.scope = KeyScope()
        revoked.hash = "other-hash"
        revoked.spentMicros = 999
        try await store.updateKey(revoked)
        let after = try #require(try await store.key(id: "key_1"))
        #expect(after.label == "revoked" && after.expiresAt == nil && after.revokedAt == 50 && after.scope == KeyScope())
        #expect(after.hash == "h1" && after.spentMicros == 0)

        let caller = try #require(try await store.caller(keyHash: "h2"))
        #expect(caller.key.id == "key_2" && caller.account.id == "acct_b" && caller.account.tier == "gold")
        #expect(try await store.caller(keyHash: "nope") == nil)

        // "Last used" is written beside the request, within moments.
        store.markKeyUsed(id: "key_2", at: 1_234)
        try await eventually { try await store.key(id: "key_2")?.lastUsedAt == 1_234 }
    }

    @Test(arguments: backends)
    func tiersAndPricesRoundTrip(_ backend: StoreBackend) async throws {
        let store = try await backend.open()
        try await store.upsertTier(Tier(name: "gold", multiplierPPM: 800_000))
        try await store.upsertTier(Tier(name: "bronze", multiplierPPM: 1_100_000))
        try await store.upsertTier(Tier(name: "gold", multiplierPPM: 750_000))
        #expect(try await store.tiers() == [Tier(name: "bronze", multiplierPPM: 1_100_000), Tier(name: "gold", multiplierPPM: 750_000)])
        #expect(try await store.tier(named: "gold")?.multiplierPPM == 750_000)
        #expect(try await store.tier(named: "none") == nil)

        try await store.setPrice(PriceEntry(operation: "v3.generate", variant: "TURBO", micros: 40_000, updatedAt: 1))
        // Seeding fills what is missing and leaves the operator's edit alone.
        try await store.seedPrices([
            PriceEntry(operation: "v3.generate", variant: "TURBO", micros: 30_000, updatedAt: 2),
            PriceEntry(operation: "v3.generate", variant: "QUALITY", micros: 90_000, updatedAt: 2),
        ])
        #expect(try await store.prices() == [
            PriceEntry(operation: "v3.generate", variant: "QUALITY", micros: 90_000, updatedAt: 2),
            PriceEntry(operation: "v3.generate", variant: "TURBO", micros: 40_000, updatedAt: 1),
        ])
    }

    // MARK: Channels

    @Test(arguments: backends)
    func channelsAreCreatedUpdatedSwitchedAndDeleted(_ backend: StoreBackend) async throws {
        let store = try await backend.open()
        // A fresh database serves from the sandbox until the operator adds a real key.
        #expect(try await store.channels().map(\.name) == ["sandbox"])
        let main = UpstreamChannel(
            id: "ch_main", name: "main", kind: .ideogram, baseURL: "https://api.ideogram.ai", encryptedKey: "sealed",
            priority: 5, weight: 3, maxInflightImages: 4, rehost: .passthrough, allowedImageHosts: ["a.example", "b.example"],
            connectTimeoutMillis: 1, readTimeoutMillis: 2, totalTimeoutMillis: 3, createdAt: 10, updatedAt: 10)
        try await store.createChannel(main)
        #expect(try await store.channel(id: "ch_main") == main)
        #expect(try await store.channels().map(\.id) == ["ch_main", "ch_sandbox"])

        var edited = main
        edited.priority = -1
        edited.weight = 7
        edited.allowedImageHosts = []
        edited.encryptedKey = nil
        edited.updatedAt = 20
        #expect(try await store.updateChannel(edited))
        #expect(try await store.channel(id: "ch_main") == edited)
        #expect(try await store.channels().map(\.id) == ["ch_sandbox", "ch_main"])
        var ghost = edited
        ghost.id = "ch_ghost"
        #expect(try await store.updateChannel(ghost) == false)

        // Off with a reason, on again without one.
        #expect(try await store.setChannelEnabled(id: "ch_main", enabled: false, reason: "upstream 401", at: 30))
        let off = try #require(try await store.channel(id: "ch_main"))
        #expect(!off.enabled && off.disabledReason == "upstream 401" && off.updatedAt == 30)
        #expect(try await store.setChannelEnabled(id: "ch_main", enabled: true, reason: "ignored", at: 40))
        let on = try #require(try await store.channel(id: "ch_main"))
        #expect(on.enabled && on.disabledReason == nil && on.updatedAt == 40)
        #expect(try await store.setChannelEnabled(id: "ch_ghost", enabled: false, reason: nil, at: 50) == false)

        #expect(try await store.deleteChannel(id: "ch_main"))
        #expect(try await store.deleteChannel(id: "ch_main") == false)
        #expect(try await store.channel(id: "ch_main") == nil)
    }

    // MARK: Tasks

    @Test(arguments: backends)
    func tasksMoveOnUntilFinalAndKeepTheirWebhookDeliveries(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 0)
        let store = books.store
        func task(_ id: String, at: Millis) -> TaskRecord {
            TaskRecord(
                id: id, accountID: books.accountID, requestID: "req_\(id)", operation: "v3.generate", status: .queued,
                httpStatus: nil, result: nil, webhookURL: "https://hook.example/\(id)", createdAt: at, updatedAt: at)
        }
        try await store.createTask(task("t2", at: 20))
        try await store.createTask(task("t1", at: 10))
        #expect(try await store.task(id: "t1") == task("t1", at: 10))
        #expect(try await store.task(id: "none") == nil)
        #expect(try await store.unfinishedTasks().map(\.id) == ["t1", "t2"])

        #expect(try await store.updateTask(id: "t1", status: .running, httpStatus: nil, result: nil, at: 11))
        #expect(try await store.task(id: "t1")?.status == .running)
        // A running task is still unfinished; a final one is not, and stays final.
        #expect(try await store.updateTask(id: "t1", status: .failed, httpStatus: 502, result: Array("{}".utf8), at: 12))
        #expect(try await store.updateTask(id: "t1", status: .succeeded, httpStatus: 200, result: nil, at: 13) == false)
        let failed = try #require(try await store.task(id: "t1"))
        #expect(failed.status == .failed && failed.httpStatus == 502 && failed.result == Array("{}".utf8) && failed.updatedAt == 12)
        #expect(try await store.unfinishedTasks().map(\.id) == ["t2"])
        #expect(try await store.updateTask(id: "none", status: .running, httpStatus: nil, result: nil, at: 1) == false)

        try await store.recordWebhookDelivery(taskID: "t1", attempt: 2, httpStatus: 200, error: nil, at: 30)
        try await store.recordWebhookDelivery(taskID: "t1", attempt: 1, httpStatus: nil, error: "connection refused", at: 20)
        try await store.recordWebhookDelivery(taskID: "t2", attempt: 1, httpStatus: 500, error: nil, at: 25)
        #expect(try await store.webhookDeliveries(taskID: "t1") == [
            WebhookDelivery(attempt: 1, httpStatus: nil, error: "connection refused", at: 20),
            WebhookDelivery(attempt: 2, httpStatus: 200, error: nil, at: 30),
        ])
        #expect(try await store.webhookDeliveries(taskID: "none").isEmpty)
    }

    // MARK: Console

    @Test(arguments: backends)
    func consoleUsersSessionsAndGallery(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 0)
        let store = books.store
        let user = ConsoleUser(id: "u1", email: "a@example.com", passwordHash: "pbkdf2$x", accountID: books.accountID, createdAt: 1)
        try await store.createConsoleUser(user)
        await #expect(throws: ConsoleStoreError.emailTaken) {
            try await store.createConsoleUser(ConsoleUser(id: "u2", email: "a@example.com", passwordHash: "p", accountID: books.accountID, createdAt: 2))
        }
        #expect(try await store.consoleUser(email: "a@example.com") == user)
        #expect(try await store.consoleUser(email: "b@example.com") == nil)
        try await store.setConsoleKey(userID: "u1", keyID: "key_console")
        let keyed = try #require(try await store.consoleUser(id: "u1"))
        #expect(keyed.consoleKeyID == "key_console")

        let customer = ConsoleSessionRecord(tokenHash: "s1", userID: "u1", isAdmin: false, csrfToken: "c1", createdAt: 100, expiresAt: 200)
        let admin = ConsoleSessionRecord(tokenHash: "s2", isAdmin: true, csrfToken: "c2", createdAt: 100, expiresAt: 200)
        try await store.createConsoleSession(customer)
        try await store.createConsoleSession(admin)
        #expect(try await store.consoleSession(tokenHash: "s1", now: 150) == customer)
        #expect(try await store.consoleSession(tokenHash: "s1", now: 200) == nil)
        try await store.setConsoleSessionSecret(tokenHash: "s1", sealed: "last")
        #expect(try await store.consoleSession(tokenHash: "s1", now: 150)?.lastSecretSealed == "last")
        try await store.setConsoleSessionSecret(tokenHash: "s1", sealed: nil)
        #expect(try await store.consoleSession(tokenHash: "s1", now: 150)?.lastSecretSealed == nil)

        // A new admin token ends the operator's sessions, and only those.
        try await store.replaceAdminToken(hash: "new-token-hash")
        #expect(try await store.setting(AdminToken.settingKey) == "new-token-hash")
        #expect(try await store.consoleSession(tokenHash: "s2", now: 150) == nil)
        #expect(try await store.consoleSession(tokenHash: "s1", now: 150) != nil)
        try await store.deleteConsoleSession(tokenHash: "s1")
        #expect(try await store.consoleSession(tokenHash: "s1", now: 150) == nil)
        // Expired sessions are swept as new ones arrive.
        try await store.createConsoleSession(ConsoleSessionRecord(tokenHash: "old", isAdmin: false, csrfToken: "c", createdAt: 1, expiresAt: 5))
        try await store.createConsoleSession(ConsoleSessionRecord(tokenHash: "new", isAdmin: false, csrfToken: "c", createdAt: 10, expiresAt: 50))
        #expect(try await store.consoleSession(tokenHash: "old", now: 0) == nil)

        // The gallery: the account's images, newest first, with price and the console's note.
        try await store.recordUsage(books.usage("r1", charged: 30))
        for (id, at) in [("img_old", Millis(5)), ("img_new", Millis(6))] {
            try await store.recordImage(StoredImage(
                id: id, requestID: "r1", accountID: books.accountID, contentType: "image/png", byteCount: 1, etag: "\"e\"", createdAt: at))
        }
        let note = ConsoleImageNote(imageID: "img_new", accountID: books.accountID, operation: "v3.generate", prompt: "a cat", seed: 42, resolution: "1024x1024", createdAt: 6)
        try await store.recordConsoleImages([note, note])
        let gallery = try await store.galleryImages(accountID: books.accountID, limit: 10, offset: 0)
        #expect(gallery == [
            GalleryImage(
                imageID: "img_new", requestID: "r1", operation: "v3.generate", unitPriceMicros: 30, chargedMicros: 30, imagesDelivered: 1,
                prompt: "a cat", seed: 42, resolution: "1024x1024", createdAt: 6),
            GalleryImage(
                imageID: "img_old", requestID: "r1", operation: "v3.generate", unitPriceMicros: 30, chargedMicros: 30, imagesDelivered: 1,
                createdAt: 5),
        ])
        #expect(try await store.galleryImages(accountID: books.accountID, limit: 1, offset: 1).map(\.imageID) == ["img_old"])
        #expect(try await store.galleryImages(accountID: "acct_other", limit: 10, offset: 0).isEmpty)
    }

    // MARK: Settings

    @Test(arguments: backends)
    func settingsKeepTheFirstValueOnlyWhenAskedTo(_ backend: StoreBackend) async throws {
        let store = try await backend.open()
        #expect(try await store.setting("k") == nil)
        let raced = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<8 { group.addTask { try await store.settingIfAbsent("k", value: "v\(i)") } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        // However many race, one value wins and every caller is told the same one.
        #expect(raced.count == 1)
        let stored = try #require(try await store.setting("k"))
        #expect(raced == [stored])
        try await store.setSetting("k", value: "replaced")
        #expect(try await store.setting("k") == "replaced")
        #expect(try await store.settingIfAbsent("k", value: "ignored") == "replaced")
    }

    // MARK: Usage

    @Test(arguments: backends)
    func usageIsFilteredPagedAndBucketed(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 0)
        let store = books.store
        func row(_ id: String, at: Millis, status: Int = 200, key: String? = "key_a", operation: String = "v3.generate", error: String? = nil) -> UsageRecord {
            UsageRecord(
                requestID: id, accountID: books.accountID, keyID: key, operation: operation, variant: "TURBO", imagesRequested: 2,
                imagesDelivered: status == 200 ? 2 : 0, unitPriceMicros: 10, chargedMicros: status == 200 ? 20 : 0, status: status,
                errorCode: error, latencyMillis: 7, channel: "sandbox", createdAt: at)
        }
        let rows = [
            row("a", at: 1_000), row("b", at: 2_000, status: 402, error: "insufficient_balance"), row("c", at: 2_000, key: "key_b"),
            row("d", at: 3_500, operation: "v3.remix"), row("e", at: 4_000, status: 502, error: "upstream_error"),
        ]
        for r in rows { try await store.recordUsage(r) }
        // A second write of the same request changes nothing.
        try await store.recordUsage(row("a", at: 9_999, status: 500))
        func ids(_ build: (inout UsageQuery) -> Void) async throws -> [String] {
            var q = UsageQuery()
            build(&q)
            return try await store.usage(q).map(\.requestID)
        }
        #expect(try await store.usage(UsageQuery()).first { $0.requestID == "a" } == rows[0])
        #expect(try await ids { _ in } == ["e", "d", "b", "c", "a"])
        #expect(try await ids { $0.keyID = "key_b" } == ["c"])
        #expect(try await ids { $0.operation = "v3.remix" } == ["d"])
        #expect(try await ids { $0.errorCode = "upstream_error" } == ["e"])
        #expect(try await ids { $0.status = .exactly(402) } == ["b"])
        #expect(try await ids { $0.status = .succeeded } == ["d", "c", "a"])
        #expect(try await ids { $0.status = .failed } == ["e", "b"])
        #expect(try await ids { $0.since = 2_000; $0.until = 4_000 } == ["d", "b", "c"])
        #expect(try await ids { $0.accountID = "acct_other" } == [])
        #expect(try await ids { $0.limit = 2; $0.offset = 1 } == ["d", "b"])
        // A cursor continues after the row it names, ties broken by request id.
        #expect(try await ids { $0.after = UsageQuery.Cursor(createdAt: 2_000, requestID: "b"); $0.limit = 10 } == ["c", "a"])
        #expect(try await store.usage(accountID: books.accountID, limit: 1, offset: 0).map(\.requestID) == ["e"])

        let buckets = try await store.usageBuckets(accountID: books.accountID, since: 1_500, bucketMillis: 2_000)
        #expect(buckets == [
            UsageBucket(start: 2_000, requests: 3, images: 4, revenueMicros: 40, errors: 1),
            UsageBucket(start: 4_000, requests: 1, images: 0, revenueMicros: 0, errors: 1),
        ])
        #expect(try await store.usageBuckets(accountID: nil, since: 0, bucketMillis: 10_000) == [
            UsageBucket(start: 0, requests: 5, images: 6, revenueMicros: 60, errors: 2)
        ])
    }

    // MARK: Relayed generations

    @Test(arguments: backends)
    func relayedGenerationsKeepTheirFirstOwnerAndAnswerAndArePruned(_ backend: StoreBackend) async throws {
        let books = try await Books(backend, balance: 0)
        let store = books.store
        try await store.recordRelayedGeneration(id: "gen_a", accountID: books.accountID, channelID: "ch_1", at: 1_000)
        // A later answer naming the same id cannot take it over.
        try await store.recordRelayedGeneration(id: "gen_a", accountID: "acct_other", channelID: "ch_2", at: 2_000)
        try await store.recordRelayedGeneration(id: "gen_b", accountID: books.accountID, channelID: nil, at: 5_000)
        #expect(try await store.relayedGeneration(id: "gen_a") == RelayedGeneration(
            id: "gen_a", accountID: books.accountID, channelID: "ch_1", answer: nil, createdAt: 1_000))
        #expect(try await store.relayedGeneration(id: "gen_b")?.channelID == nil)
        #expect(try await store.relayedGeneration(id: "gen_missing") == nil)

        // The first completed answer is kept; a second one does not replace it.
        try await store.completeRelayedGeneration(id: "gen_a", answer: Array("first".utf8))
        try await store.completeRelayedGeneration(id: "gen_a", answer: Array("second".utf8))
        #expect(try await store.relayedGeneration(id: "gen_a")?.answer == Array("first".utf8))

        // They are not catalogue settings: the settings table does not see them.
        #expect(try await store.setting("relay.generation.gen_a") == nil)

        #expect(try await store.pruneRelayedGenerations(olderThan: 5_000) == 1)
        #expect(try await store.relayedGeneration(id: "gen_a") == nil)
        #expect(try await store.relayedGeneration(id: "gen_b") != nil)
    }

    // MARK: Catalogue changes

    @Test(arguments: backends)
    func catalogueChangesReachEveryStoreOnTheDatabase(_ backend: StoreBackend) async throws {
        let stores = try await backend.openShared(2)
        let (node, other) = (stores[0], stores[1])
        let seen = ChangeLog()
        let watcher = Task { for await change in node.catalogChanges() { await seen.append(change) } }
        defer { watcher.cancel() }
        // Whatever a backend reports as it starts watching is not what this test is about.
        try await Task.sleep(for: .milliseconds(600))

        // Another store's commit (another node, or the CLI) reaches this one: SQLite's poll takes
        // at most 250 ms, a NOTIFY a few (bench/ measures it; the bound here only says "arrives").
        var start = await seen.count
        try await other.setPrice(PriceEntry(operation: "v3.generate", variant: "TURBO", micros: 1, updatedAt: 1))
        try await eventually(within: Self.promptly) { await seen.since(start).contains(.committedElsewhere) }

        // Its own commit is reported as its own, at once.
        start = await seen.count
        try await node.createAccount(Account(id: "acct_new", name: "n", tier: "default", balanceMicros: 0, createdAt: 1))
        try await eventually(within: Self.promptly) { await seen.since(start).contains(.committedHere) }

        // Money moves on every request and is not a catalogue change.
        _ = try await other.adjust(entryID: "c", accountID: "acct_new", amount: 5, kind: .credit, memo: "", at: 1)
        // Every report of the account's creation has arrived once a second passes without one.
        var quiet = await seen.count
        for _ in 0..<10 {
            try await Task.sleep(for: .seconds(1))
            let now = await seen.count
            if now == quiet { break }
            quiet = now
        }
        start = await seen.count
        _ = try await other.hold(HoldRequest(requestID: "r", accountID: "acct_new", amount: 5, at: 1))
        try await Task.sleep(for: .milliseconds(600))
        #expect(await seen.since(start).isEmpty)
    }
}

/// What a catalogue subscriber heard, in order.
actor ChangeLog {
    private var changes: [CatalogChange] = []
    var count: Int { changes.count }
    func append(_ change: CatalogChange) { changes.append(change) }
    func since(_ index: Int) -> [CatalogChange] { Array(changes.dropFirst(index)) }
}

/// Waits until `condition` holds, failing the test past `within`.
func eventually(
    within: Duration = .seconds(2), sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + within
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("condition not met within \(within)", sourceLocation: sourceLocation)
}
