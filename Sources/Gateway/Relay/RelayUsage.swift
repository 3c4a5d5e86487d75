import Foundation

/// What a relayed call's usage row says: the path as its operation, the price's source as its
/// variant (`price_book`, `dry_run:exact`, `dry_run:estimate`), the hold as its unit price and
/// the settled amount as its charge.
struct RelayUsage: Sendable {
    var requestID: String
    var caller: Caller
    var operation: String
    var started: ContinuousClock.Instant
    var price: RelayPrice?
    var delivered = 0
    var status = 0
    var errorCode: String?
    var channel: String?

    func record(charged: Int64) -> UsageRecord {
        let elapsed = ContinuousClock.now - started
        let millis = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let variant = price.map { $0.source == .priceBook ? $0.source.rawValue : "\($0.source.rawValue):\($0.qualifier)" }
        return UsageRecord(
            requestID: requestID, accountID: caller.account.id, keyID: caller.key.id, operation: operation, variant: variant,
            imagesRequested: price?.quantity ?? 0, imagesDelivered: delivered, unitPriceMicros: price?.holdMicros ?? 0,
            chargedMicros: charged, status: status, errorCode: errorCode, latencyMillis: millis, channel: channel,
            createdAt: Date().millis)
    }
}

extension UsageLog {
    /// Writes a relayed call's row that settles nothing (a refusal); a failed write is logged only.
    func record(_ row: UsageRecord) async {
        do { try await store.recordUsage(row) } catch {
            logger.error("usage row not written", metadata: ["request_id": "\(row.requestID)"])
        }
    }
}
