/// The money: holds, settlements, adjustments and redemptions, each one atomic, plus what the
/// ledger proves (audit, open holds) and the operator's recorded losses.
///
/// Holds, settlements, usage rows and task updates complete once called, whatever the calling
/// task's cancellation: a client's hang-up cancels its request's task, and the settlement that
/// follows must still be written. (SQLite: a write queued with the group commit always runs;
/// PostgreSQL: the transaction runs in a task of its own, which the caller's cancellation does
/// not reach.)
public protocol LedgerStore: Sendable {
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
    func adjust(entryID: String, accountID: String, amount: Int64, kind: LedgerEntryKind, memo: String, at: Millis) async throws -> Int64?
    func openHolds(olderThan: Millis) async throws -> [OpenHold]
    func audit(horizon: Millis) async throws -> [AuditFinding]
    /// One account's ledger, newest first.
    func ledgerEntries(accountID: String, limit: Int, offset: Int) async throws -> [LedgerEntry]

    /// Upstream work nobody paid for (see `OperatorLoss`).
    func recordLosses(_ losses: [OperatorLoss]) async throws
    /// Recorded losses, newest first; `since` nil means all.
    func losses(since: Millis?, limit: Int) async throws -> [OperatorLoss]

    // Prepaid codes
    func createRedemptionCodes(_ codes: [RedemptionCode]) async throws
    func redemptionCodes(batch: String?, limit: Int, offset: Int) async throws -> [RedemptionCode]
    /// Marks the code redeemed and credits the account in one transaction, so a code pays out
    /// once however many redemptions race.
    func redeem(codeHash: String, accountID: String, at: Millis) async throws -> RedeemOutcome
}

/// What a ledger row records. The raw values are what the database stores.
public enum LedgerEntryKind: String, Sendable, Codable, CaseIterable {
    /// A request's reservation (negative).
    case hold
    /// A request's settlement: what was returned of its hold (never negative).
    case settle
    /// An operator's top-up.
    case credit
    /// An operator's deduction (negative).
    case debit
    /// A prepaid code paid out.
    case redemption
}
