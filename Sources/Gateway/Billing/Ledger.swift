import Foundation
import Logging

/// The request path's view of the ledger: hold the quote or refuse with 402, then settle.
public struct Ledger: Sendable {
    let store: any Store
    let logger: Logger

    public init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Holds the full quote, or throws the 402 that tells the caller the price and their balance.
    func hold(requestID: String, accountID: String, quote: Quote) async throws {
        let outcome = try await store.hold(requestID: requestID, accountID: accountID, amount: quote.totalMicros, at: Date().millis)
        switch outcome {
        case .held, .duplicate:
            return
        case .insufficient(let balance):
            throw GatewayError(
                .paymentRequired402, "insufficient_balance",
                "This request costs \(Money.format(quote.totalMicros)) (\(quote.units) × \(Money.format(quote.unitMicros))) but the balance is \(Money.format(balance)). Top up and retry.",
                details: ["price_micros": .int(quote.totalMicros), "balance_micros": .int(balance), "unit_price_micros": .int(quote.unitMicros)])
        case .noSuchAccount:
            throw GatewayError.unauthorized("The account of this API key no longer exists.")
        }
    }

    /// Settles outside the caller's task: a request whose client has gone away is cancelled,
    /// and its settlement must still be written.
    func settle(requestID: String, charge: Int64) async {
        let store = self.store, logger = self.logger
        await Task {
            do {
                _ = try await store.settle(requestID: requestID, charge: charge, at: Date().millis)
            } catch {
                // The start-up sweep releases a hold whose settlement could not be written.
                logger.error("settlement failed; the sweep will release it", metadata: ["request_id": "\(requestID)"])
            }
        }.value
    }

    /// Releases every hold still open from before `cutoff` — left by a crash. Returns how many.
    public static func sweep(store: any Store, olderThan cutoff: Millis, logger: Logger) async throws -> Int {
        let open = try await store.openHolds(olderThan: cutoff)
        for hold in open {
            _ = try await store.settle(requestID: hold.requestID, charge: 0, at: Date().millis)
        }
        if !open.isEmpty { logger.notice("released holds left open by an earlier run", metadata: ["count": "\(open.count)"]) }
        return open.count
    }
}
