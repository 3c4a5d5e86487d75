import Foundation

/// `ideogate audit` and `GET /admin/v1/audit`: every balance against its ledger, and holds open
/// longer than the horizon. One function so both say the same thing.
///
/// It also reports the operator's loss: upstream images no customer paid for, by reason. Loss is
/// not a failure of the books — it is the price of a policy (release on hang-up), of the safety
/// check, of an upstream answer lost on the way, or of a crash — but the operator must see it.
public struct AuditReport: Sendable {
    public var accounts: Int
    public var findings: [AuditFinding]
    /// Per reason: how many requests and upstream images. `interrupted` and `uncertain_upstream`
    /// are upper bounds: the upstream may not have billed every image.
    public var losses: [LossTotal]

    public struct LossTotal: Sendable, Equatable {
        public var reason: OperatorLossReason
        public var requests: Int
        public var images: Int
        /// Whether `images` is an upper bound rather than a count.
        public var isUpperBound: Bool { reason == .interrupted || reason == .uncertainUpstream }
    }

    public static func run(store: any AccountStore & LedgerStore, horizonMinutes: Double, now: Date = Date()) async throws -> AuditReport {
        let horizon = Int64((now.timeIntervalSince1970 - horizonMinutes * 60) * 1000)
        let findings = try await store.audit(horizon: horizon)
        let losses = try await store.losses(since: nil, limit: Int.max)
        let totals = OperatorLossReason.allCases.compactMap { reason -> LossTotal? in
            let rows = losses.filter { $0.reason == reason }
            return rows.isEmpty ? nil : LossTotal(reason: reason, requests: Set(rows.map(\.requestID)).count, images: rows.map(\.images).reduce(0, +))
        }
        return AuditReport(accounts: try await store.accounts().count, findings: findings, losses: totals)
    }

    /// The loss as lines for people, e.g. `operator loss: withheld_by_safety 3 images in 2 requests`.
    public var lossLines: [String] {
        losses.map { total in
            "operator loss: \(total.reason.rawValue) \(total.isUpperBound ? "up to " : "")\(total.images) images in \(total.requests) requests"
        }
    }
}
