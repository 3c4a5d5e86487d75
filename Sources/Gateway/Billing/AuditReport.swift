import Foundation

/// `ideogate audit` and `GET /admin/v1/audit`: every balance against its ledger, and holds open
/// longer than the horizon. One function so both say the same thing.
public struct AuditReport: Sendable {
    public var accounts: Int
    public var findings: [AuditFinding]

    public static func run(store: any Store, horizonMinutes: Double, now: Date = Date()) async throws -> AuditReport {
        let horizon = Int64((now.timeIntervalSince1970 - horizonMinutes * 60) * 1000)
        let findings = try await store.audit(horizon: horizon)
        return AuditReport(accounts: try await store.accounts().count, findings: findings)
    }
}
