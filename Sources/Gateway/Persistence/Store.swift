import Foundation

/// Everything the gateway keeps. Two implementations share one contract (DESIGN.md §2):
/// SQLite through GRDB (the embedded default) and, later, PostgreSQL. Money only moves through
/// `hold`, `settle` and `adjust`, each one atomic, so no caller can build a balance change by hand.
public protocol Store: Sendable {
    // Accounts and keys
    func createAccount(_ account: Account) async throws
    func account(id: String) async throws -> Account?
    func accounts() async throws -> [Account]
    func createKey(_ key: APIKeyRecord) async throws
    func key(hash: String) async throws -> APIKeyRecord?
    /// Records a key's last use without making the caller wait: the request path calls it on
    /// every request, so an implementation keeps the writes rare (one a minute per key) and
    /// must not suspend or spawn work for the calls it skips.
    func markKeyUsed(id: String, at: Millis)
    /// The key with this hash and its account, as the request path needs them. May be served
    /// from a cache that every change to keys or accounts invalidates; the account's balance in
    /// it is not current — read `account(id:)` for that.
    func caller(keyHash: String) async throws -> (key: APIKeyRecord, account: Account)?
    func tier(named: String) async throws -> Tier?
    func upsertTier(_ tier: Tier) async throws

    // Ledger
    //
    // Holds, settlements, usage rows and task updates complete once called, whatever the calling
    // task's cancellation: a client's hang-up cancels its request's task, and the settlement that
    // follows must still be written. (SQLite: a write queued with the group commit always runs.)
    /// Takes `amount` from the balance if, and only if, the balance covers it and the key's spend
    /// limits allow it — one transaction, so concurrent holds can never overdraw. Idempotent by
    /// request id.
    func hold(_ request: HoldRequest) async throws -> HoldOutcome
    /// Ends a hold: keeps `charge` (≤ the hold) and returns the rest. Idempotent by request id.
    func settle(requestID: String, charge: Int64, at: Millis) async throws -> SettleOutcome
    /// Settles and writes the request's usage row in the same commit, so the log can never
    /// disagree with the charge. The row is written even when there was no hold (test keys).
    func settle(requestID: String, charge: Int64, at: Millis, usage: UsageRecord) async throws -> SettleOutcome
    /// Settles, writes the usage row and, for an asynchronous request, the task's final state —
    /// all in one commit. Losses the request caused the operator go in the same commit too.
    func settle(
        requestID: String, charge: Int64, at: Millis, usage: UsageRecord?, task: TaskFinish?, losses: [OperatorLoss]
    ) async throws -> SettleOutcome
    /// A credit (positive) or debit (negative) by the operator, or a redemption. `entryID` makes it
    /// idempotent: the same entry id is applied once. Returns the balance after, or nil if the
    /// account does not exist or a debit would take the balance below zero.
    func adjust(entryID: String, accountID: String, amount: Int64, kind: String, memo: String, at: Millis) async throws -> Int64?
    func openHolds(olderThan: Millis) async throws -> [OpenHold]
    func audit(horizon: Millis) async throws -> [AuditFinding]
    /// Upstream work nobody paid for (see `OperatorLoss`).
    func recordLosses(_ losses: [OperatorLoss]) async throws
    /// Recorded losses, newest first; `since` nil means all.
    func losses(since: Millis?, limit: Int) async throws -> [OperatorLoss]

    // Prices
    func prices() async throws -> [PriceEntry]
    func setPrice(_ entry: PriceEntry) async throws
    func seedPrices(_ entries: [PriceEntry]) async throws

    // Usage and images
    func recordUsage(_ record: UsageRecord) async throws
    func usage(accountID: String?, limit: Int, offset: Int) async throws -> [UsageRecord]
    func recordImage(_ image: StoredImage) async throws

    // MARK: Operator and customer surfaces (admin API, account API, CLI)
    /// Writes name, tier and disabled time; the balance is never touched here.
    func updateAccount(_ account: Account) async throws
    func key(id: String) async throws -> APIKeyRecord?
    /// Keys of one account, or of every account when nil; oldest first.
    func keys(accountID: String?) async throws -> [APIKeyRecord]
    /// Writes label, expiry, scope and revocation; the hash and the spend counters stay as they are.
    func updateKey(_ key: APIKeyRecord) async throws
    func tiers() async throws -> [Tier]
    /// One account's ledger, newest first.
    func ledgerEntries(accountID: String, limit: Int, offset: Int) async throws -> [LedgerEntry]
    func usage(_ query: UsageQuery) async throws -> [UsageRecord]
    func createRedemptionCodes(_ codes: [RedemptionCode]) async throws
    func redemptionCodes(batch: String?, limit: Int, offset: Int) async throws -> [RedemptionCode]
    /// Marks the code redeemed and credits the account in one transaction, so a code pays out
    /// once however many redemptions race.
    func redeem(codeHash: String, accountID: String, at: Millis) async throws -> RedeemOutcome
    func setSetting(_ key: String, value: String) async throws

    // Settings (secrets the install generates once)
    func setting(_ key: String) async throws -> String?
    /// Sets the value only if the key has none yet; returns the value that is stored afterwards.
    func settingIfAbsent(_ key: String, value: String) async throws -> String

    // MARK: Channels
    /// Every channel, enabled or not, in a stable order.
    func channels() async throws -> [UpstreamChannel]
    func channel(id: String) async throws -> UpstreamChannel?
    func createChannel(_ channel: UpstreamChannel) async throws
    /// Replaces every column of the channel with that id; false when there is none.
    func updateChannel(_ channel: UpstreamChannel) async throws -> Bool
    /// Switches a channel on or off, keeping why (e.g. an upstream 401); false when there is none.
    func setChannelEnabled(id: String, enabled: Bool, reason: String?, at: Millis) async throws -> Bool
    func deleteChannel(id: String) async throws -> Bool

    // MARK: Tasks and idempotency

    func createTask(_ task: TaskRecord) async throws
    func task(id: String) async throws -> TaskRecord?
    /// Moves a task on; returns false when it was already in a final state (nothing written).
    func updateTask(id: String, status: TaskStatus, httpStatus: Int?, result: [UInt8]?, at: Millis) async throws -> Bool
    func unfinishedTasks() async throws -> [TaskRecord]
    func recordWebhookDelivery(taskID: String, attempt: Int, httpStatus: Int?, error: String?, at: Millis) async throws
    func webhookDeliveries(taskID: String) async throws -> [WebhookDelivery]
    /// Claims an Idempotency-Key for a request: `.claimed` when this request is the first,
    /// otherwise what the first one left (its fingerprint and, when finished, its response).
    /// A claim still in progress that is older than `staleBefore` belongs to a request that can
    /// no longer be running (its process died): it is dropped and this request claims the key.
    func claimIdempotencyKey(
        accountID: String, key: String, fingerprint: String, at: Millis, staleBefore: Millis
    ) async throws -> IdempotencyClaim
    /// Drops every claim still in progress: at start-up of the only process using the
    /// database, such a claim can only be a crash's. Returns how many.
    func abandonUnfinishedIdempotencyKeys() async throws -> Int
    /// Deletes keys older than `cutoff` (finished or not); keys bind for 24 hours only.
    func pruneIdempotencyKeys(olderThan cutoff: Millis) async throws -> Int
    func completeIdempotencyKey(accountID: String, key: String, response: StoredResponse) async throws
    func releaseIdempotencyKey(accountID: String, key: String) async throws

    // MARK: Console (web console users, sessions, gallery notes, charts)

    /// Throws `ConsoleStoreError.emailTaken` when the email is already registered.
    func createConsoleUser(_ user: ConsoleUser) async throws
    func consoleUser(email: String) async throws -> ConsoleUser?
    func consoleUser(id: String) async throws -> ConsoleUser?
    func setConsoleKey(userID: String, keyID: String, sealed: String) async throws
    func createConsoleSession(_ session: ConsoleSessionRecord) async throws
    /// The session with that token hash, if it exists and has not expired at `now`.
    func consoleSession(tokenHash: String, now: Millis) async throws -> ConsoleSessionRecord?
    func deleteConsoleSession(tokenHash: String) async throws
    func setConsoleSessionSecret(tokenHash: String, sealed: String?) async throws
    func recordConsoleImages(_ notes: [ConsoleImageNote]) async throws
    /// An account's stored images, newest first, with their request's price and any console note.
    func galleryImages(accountID: String, limit: Int, offset: Int) async throws -> [GalleryImage]
    /// Usage rows since `since` grouped into buckets of `bucketMillis`, oldest first; empty
    /// buckets are left out. `accountID` nil means every account.
    func usageBuckets(accountID: String?, since: Millis, bucketMillis: Int64) async throws -> [UsageBucket]

    // MARK: Lifecycle

    /// Finishes pending writes and closes the database. Nothing may use the store afterwards.
    func close() async throws
}
