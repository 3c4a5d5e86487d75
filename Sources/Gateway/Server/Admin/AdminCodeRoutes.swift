import Foundation
import Hummingbird

/// Redemption codes: create a batch (the codes are shown once), list codes and their state.
struct AdminCodeRoutes {
    let store: any LedgerStore

    func register(on group: RouterGroup<GatewayContext>) {
        let store = self.store
        let codes = RedemptionCodes(store: store)

        group.post("codes") { request, _ -> Response in
            let body = try await JSONBody.decode(CreateBody.self, from: request, fields: CreateBody.fields)
            let expiry = try body.expiresAt.map { try Timestamp.parse($0, field: "expires_at") }
            let batch = try await codes.createBatch(count: body.count, amountMicros: body.amountMicros, expiresAt: expiry, memo: body.memo)
            return try Response.json(BatchView(
                batch: batch.id, count: batch.codes.count, amountMicros: batch.amountMicros, amount: Money.format(batch.amountMicros),
                expiresAt: Timestamp.string(batch.expiresAt), memo: batch.memo, codes: batch.codes), status: .created)
        }

        group.get("codes") { request, _ -> Response in
            let query = QueryParameters(request)
            let (limit, offset) = try query.paging()
            let batch = query.string("batch")
            let now = Date().millis
            let rows = try await store.redemptionCodes(batch: batch, limit: limit, offset: offset).map { RedemptionCodeView($0, now: now) }
            var summary: [String: Int]?
            if batch != nil, offset == 0, rows.count < limit {
                // The whole batch is on this page: count it by state.
                summary = Dictionary(grouping: rows, by: \.status).mapValues(\.count)
            }
            return try Response.json(CodeList(data: rows, limit: limit, offset: offset, summary: summary))
        }
    }

    struct CreateBody: Decodable {
        var count: Int
        var amountMicros: Int64
        var expiresAt: String?
        var memo: String?
        enum CodingKeys: String, CodingKey {
            case count, memo
            case amountMicros = "amount_micros"
            case expiresAt = "expires_at"
        }
        static let fields: Set<String> = ["count", "amount_micros", "expires_at", "memo"]
    }

    struct BatchView: Encodable {
        var batch: String
        var count: Int
        var amountMicros: Int64
        var amount: String
        var expiresAt: String?
        var memo: String?
        /// Shown once: only their hashes are kept.
        var codes: [String]
    }

    struct CodeList: Encodable {
        var data: [RedemptionCodeView]
        var limit: Int
        var offset: Int
        var summary: [String: Int]?
    }
}
