import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The usage log (JSON pages and a CSV export with the same filters) and the audit.
struct AdminUsageRoutes {
    let store: any UsageStore & AccountStore & LedgerStore

    /// Rows per database read while streaming CSV: bounded memory however long the export.
    static let csvPage = 1000

    func register(on group: RouterGroup<GatewayContext>) {
        let store = self.store

        group.get("usage") { request, _ -> Response in
            let query = try QueryParameters(request).usageQuery()
            return try Response.json(UsagePage(try await store.usage(query), query: query))
        }

        group.get("usage.csv") { request, _ -> Response in
            var query = try QueryParameters(request).usageQuery()
            // Without an explicit limit the export is everything that matches.
            let total = QueryParameters(request).string("limit") == nil ? Int.max : query.limit
            // Rows that arrive during the export are left out, so it is one consistent cut.
            query.until = min(query.until ?? .max, Date().millis + 1)
            let first = query
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: UsageCSV.headerLine()))
                var page = first
                var written = 0
                while written < total {
                    page.limit = min(Self.csvPage, total - written)
                    let rows = try await store.usage(page)
                    guard !rows.isEmpty else { break }
                    try await writer.write(ByteBuffer(string: rows.map(UsageCSV.line).joined()))
                    written += rows.count
                    guard rows.count == page.limit, let last = rows.last else { break }
                    // Continue after the last row; the offset applied to the first page only.
                    page.after = UsageQuery.Cursor(createdAt: last.createdAt, requestID: last.requestID)
                    page.offset = 0
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"usage.csv\""],
                body: body)
        }

        group.get("audit") { request, _ -> Response in
            let minutes = try QueryParameters(request).int("horizon_minutes", in: 0...525_600) ?? 15
            let report = try await AuditReport.run(store: store, horizonMinutes: Double(minutes))
            return try Response.json(AuditView(report))
        }
    }

    struct AuditView: Encodable {
        var passed: Bool
        var accounts: Int
        var findings: [Finding]
        var operatorLoss: [Loss]
        struct Finding: Encodable {
            var accountId: String
            var problem: String
        }
        struct Loss: Encodable {
            var reason: String
            var requests: Int
            var images: Int
            var upperBound: Bool
        }
        init(_ r: AuditReport) {
            passed = r.findings.isEmpty
            accounts = r.accounts
            findings = r.findings.map { Finding(accountId: $0.accountID, problem: $0.problem) }
            operatorLoss = r.losses.map { Loss(reason: $0.reason.rawValue, requests: $0.requests, images: $0.images, upperBound: $0.isUpperBound) }
        }
    }
}
