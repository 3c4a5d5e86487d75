import Foundation
import NIOCore

/// Copies an install to another backend (`ideogate migrate --to …`) and proves the copy: the
/// same rows in every table, the same balance on every account, a clean audit on the target, and
/// every image readable from the target image store.
///
/// The source must be at rest: a hold still open belongs to a request in flight, and a copy taken
/// in the middle of it would be inconsistent. Stop the server first.
public struct InstallMigration: Sendable {
    public let source: any TransferSource & LedgerStore & AccountStore
    public let target: any TransferTarget & LedgerStore & AccountStore
    /// Where the images are now, and where they go; nil when they stay where they are.
    public let images: (from: any ImageStore, to: any ImageStore)?
    public var batchSize = 500

    public init(
        source: any TransferSource & LedgerStore & AccountStore, target: any TransferTarget & LedgerStore & AccountStore,
        images: (from: any ImageStore, to: any ImageStore)?
    ) {
        self.source = source
        self.target = target
        self.images = images
    }

    public struct Report: Sendable, Equatable {
        public var rows: [String: Int] = [:]
        public var accounts = 0
        public var images = 0
        public var missingImages = 0
    }

    public enum Failure: Error, CustomStringConvertible {
        case targetInUse
        case sourceBusy(openHolds: Int)
        case rowsDiffer(table: String, source: Int, target: Int)
        case balanceDiffers(account: String)
        case auditFailed([String])

        public var description: String {
            switch self {
            case .targetInUse: "The target already has accounts or ledger entries; migrate only into a new, empty database."
            case .sourceBusy(let n): "The source has \(n) open hold(s): requests are in flight. Stop the server, then migrate."
            case .rowsDiffer(let t, let s, let d): "Table \(t): \(s) rows in the source but \(d) in the target."
            case .balanceDiffers(let a): "Account \(a) has a different balance in the target."
            case .auditFailed(let findings): "The target's audit failed:\n" + findings.joined(separator: "\n")
            }
        }
    }

    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> Report {
        guard try await target.isEmptyForTransfer() else { throw Failure.targetInUse }
        let open = try await source.openHolds(olderThan: .max)
        guard open.isEmpty else { throw Failure.sourceBusy(openHolds: open.count) }
        var report = Report()
        // Each image's id and the type the images table recorded for it.
        var images: [(id: String, contentType: String)] = []
        for table in try await source.transferTables() {
            var offset = 0
            try await target.clearForTransfer(table: table)
            while true {
                let batch = try await source.transferRows(table: table, offset: offset, limit: batchSize)
                if batch.rows.isEmpty { break }
                try await target.insertTransferred(batch)
                if table == "images", let idColumn = batch.columns.firstIndex(of: "id"),
                   let typeColumn = batch.columns.firstIndex(of: "content_type")
                {
                    images += batch.rows.compactMap { row in
                        guard case .text(let id) = row[idColumn], case .text(let type) = row[typeColumn] else { return nil }
                        return (id, type)
                    }
                }
                offset += batch.rows.count
            }
            report.rows[table] = offset
            progress("\(table): \(offset) rows")
        }
        try await target.finishTransfer()
        try await verify(&report)
        if let stores = self.images {
            for image in images {
                guard let bytes = try await stores.from.get(id: image.id) else {
                    report.missingImages += 1
                    continue
                }
                try await stores.to.put(id: image.id, bytes: bytes, contentType: image.contentType)
                report.images += 1
            }
            progress("images: \(report.images) copied, \(report.missingImages) missing in the source")
        }
        return report
    }

    private func verify(_ report: inout Report) async throws {
        for (table, copied) in report.rows {
            let there = try await target.transferCount(table: table)
            guard there == copied else {
                throw Failure.rowsDiffer(table: table, source: copied, target: there)
            }
        }
        let accounts = try await source.accounts()
        for account in accounts {
            guard try await target.account(id: account.id)?.balanceMicros == account.balanceMicros else {
                throw Failure.balanceDiffers(account: account.id)
            }
        }
        report.accounts = accounts.count
        let findings = try await target.audit(horizon: .max)
        guard findings.isEmpty else { throw Failure.auditFailed(findings.map { "\($0.accountID): \($0.problem)" }) }
    }
}
