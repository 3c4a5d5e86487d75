import Foundation
import Logging

/// The request path's view of the ledger: hold the quote or refuse with 402, then settle.
public struct Ledger: Sendable {
    let store: any LedgerStore & ChannelStore
    let logger: Logger
    let metrics: GatewayMetrics?
    /// This node: written on every hold, so that only a dead node's holds are ever swept.
    let node: String?

    public init(store: any LedgerStore & ChannelStore, logger: Logger) {
        self.init(store: store, logger: logger, metrics: nil, node: nil)
    }

    init(store: any LedgerStore & ChannelStore, logger: Logger, metrics: GatewayMetrics?, node: String?) {
        self.node = node
        self.store = store
        self.logger = logger
        self.metrics = metrics
    }

    /// Holds the full quote, or throws the 402 that tells the caller the price and their balance.
    func hold(requestID: String, caller: Caller, quote: Quote) async throws {
        let outcome = try await store.hold(HoldRequest(
            requestID: requestID, accountID: caller.account.id, keyID: caller.key.id, amount: quote.totalMicros,
            spendLimit: caller.key.scope.spendLimitMicros, dailySpendLimit: caller.key.scope.dailySpendLimitMicros,
            at: Date().millis, units: quote.units, node: node))
        switch outcome {
        case .held:
            metrics?.ledger("hold")
            return
        case .duplicate:
            return
        case .insufficient(let balance):
            throw GatewayError(
                .paymentRequired402, "insufficient_balance",
                "This request costs \(Money.format(quote.totalMicros)) (\(quote.units) × \(Money.format(quote.unitMicros))) but the balance is \(Money.format(balance)). Top up and retry.",
                details: ["price_micros": .int(quote.totalMicros), "balance_micros": .int(balance), "unit_price_micros": .int(quote.unitMicros)])
        case .keySpendLimit(let limit, let spent):
            throw GatewayError(
                .paymentRequired402, "key_spend_limit",
                "This request costs \(Money.format(quote.totalMicros)), which would take this key past its spend limit of \(Money.format(limit)) (spent \(Money.format(spent))).",
                details: ["price_micros": .int(quote.totalMicros), "limit_micros": .int(limit), "spent_micros": .int(spent)])
        case .keyDailyLimit(let limit, let spent):
            throw GatewayError(
                .paymentRequired402, "key_daily_limit",
                "This request costs \(Money.format(quote.totalMicros)), which would take this key past its daily limit of \(Money.format(limit)) (spent today \(Money.format(spent))).",
                details: ["price_micros": .int(quote.totalMicros), "limit_micros": .int(limit), "spent_micros": .int(spent)])
        case .noSuchAccount:
            throw GatewayError.unauthorized("The account of this API key no longer exists.")
        }
    }

    /// A request whose client has gone away is cancelled, and its settlement must still be
    /// written: the store's settlements complete whatever the calling task's cancellation
    /// (`Store.settle`), so this runs in the caller's task without a hop to a task of its own.
    func settle(requestID: String, charge: Int64) async {
        do {
            if case .settled(let charged) = try await store.settle(requestID: requestID, charge: charge, at: Date().millis) {
                metrics?.ledger(charged > 0 ? "settlement" : "release")
            }
        } catch {
            // The start-up sweep releases a hold whose settlement could not be written.
            logger.error("settlement failed; the sweep will release it", metadata: ["request_id": "\(requestID)"])
        }
    }

    /// Settles a request that ran and writes, in the same commit, its usage row, its task's final
    /// state and what it cost the operator. Like `settle`, it completes even when the caller's
    /// task is cancelled.
    func settle(requestID: String, charge: Int64, usage: UsageRecord, task: TaskFinish? = nil, losses: [OperatorLoss] = []) async {
        do {
            let outcome = try await store.settle(
                requestID: requestID, charge: charge, at: Date().millis, usage: usage, task: task, losses: losses)
            if case .settled(let charged) = outcome {
                metrics?.ledger(charged > 0 ? "settlement" : "release")
            }
            for loss in losses { metrics?.operatorLoss(reason: loss.reason.rawValue, images: loss.images) }
        } catch {
            logger.error("settlement failed; the sweep will release it", metadata: ["request_id": "\(requestID)"])
        }
    }

    /// Releases every hold still open from before `cutoff` — left by a crash. Returns how many.
    ///
    /// A hold left open may belong to a request that had reached a paid upstream, so while any
    /// billing channel is configured each one is also recorded as a possible operator loss (its
    /// images as an upper bound).
    public static func sweep(store: any LedgerStore & ChannelStore, olderThan cutoff: Millis, logger: Logger) async throws -> Int {
        try await sweep(store: store, releasing: store.openHolds(olderThan: cutoff), logger: logger)
    }

    /// Releases these open holds, which nobody will settle (their node died or stopped). A hold
    /// settled meanwhile stays as it was: settlements happen once.
    static func sweep(store: any LedgerStore & ChannelStore, releasing open: [OpenHold], logger: Logger) async throws -> Int {
        let billing = open.isEmpty ? false : try await store.channels().contains { $0.kind == .ideogram && $0.enabled }
        for hold in open {
            let now = Date().millis
            let losses = billing && hold.units > 0
                ? [OperatorLoss(requestID: hold.requestID, accountID: hold.accountID, channel: nil, images: hold.units, reason: .interrupted, createdAt: now)]
                : []
            _ = try await store.settle(requestID: hold.requestID, charge: 0, at: now, usage: nil, task: nil, losses: losses)
        }
        if !open.isEmpty { logger.notice("released holds left open by an earlier run", metadata: ["count": "\(open.count)"]) }
        return open.count
    }
}
