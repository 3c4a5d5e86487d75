import Foundation
import IdeogramAPI
import Logging

/// What the pipeline learns about a request as it goes, written once as a usage row at the end.
struct UsageTrace: Sendable {
    var requestID: String
    var caller: Caller
    var operation: IdeogramAPI.Operation
    var started: ContinuousClock.Instant
    var quote: Quote?
    var delivered = 0
    var charged: Int64 = 0
    var status = 0
    var errorCode: String?
    var channel: String?
}

/// Writes usage rows. A failed write is logged, never turned into a failed request: the ledger,
/// not the usage log, is the record of money.
public struct UsageLog: Sendable {
    let store: any UsageStore
    let logger: Logger

    public init(store: any UsageStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Completes even when the caller's task is cancelled (a hang-up): the store's writes do.
    func record(_ t: UsageTrace) async {
        do { try await store.recordUsage(Self.row(t)) } catch {
            logger.error("usage row not written", metadata: ["request_id": "\(t.requestID)"])
        }
    }

    static func row(_ t: UsageTrace) -> UsageRecord {
        let elapsed = ContinuousClock.now - t.started
        let millis = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let record = UsageRecord(
            requestID: t.requestID, accountID: t.caller.account.id, keyID: t.caller.key.id,
            operation: t.operation.rawValue, variant: t.quote?.variant,
            imagesRequested: t.quote?.units ?? 0, imagesDelivered: t.delivered,
            unitPriceMicros: t.caller.isTest ? 0 : (t.quote?.unitMicros ?? 0), chargedMicros: t.charged,
            status: t.status, errorCode: t.errorCode, latencyMillis: millis, channel: t.channel,
            createdAt: Date().millis)
        return record
    }
}
