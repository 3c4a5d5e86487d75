/// One usage row on the wire.
struct UsageView: Encodable {
    var requestId: String
    var accountId: String?
    var keyId: String?
    var operation: String
    var variant: String?
    var imagesRequested: Int
    var imagesDelivered: Int
    var unitPriceMicros: Int64
    var chargedMicros: Int64
    var charged: String
    var status: Int
    var errorCode: String?
    var latencyMillis: Int64
    var channel: String?
    var createdAt: String

    init(_ r: UsageRecord) {
        requestId = r.requestID
        accountId = r.accountID
        keyId = r.keyID
        operation = r.operation
        variant = r.variant
        imagesRequested = r.imagesRequested
        imagesDelivered = r.imagesDelivered
        unitPriceMicros = r.unitPriceMicros
        chargedMicros = r.chargedMicros
        charged = Money.format(r.chargedMicros)
        status = r.status
        errorCode = r.errorCode
        latencyMillis = r.latencyMillis
        channel = r.channel
        createdAt = Timestamp.string(r.createdAt)
    }
}

/// A page of usage rows; `next_cursor` continues after the last one (absent on the last page).
struct UsagePage: Encodable {
    var data: [UsageView]
    var nextCursor: String?
    var limit: Int
    var offset: Int

    init(_ rows: [UsageRecord], query: UsageQuery) {
        data = rows.map(UsageView.init)
        nextCursor = rows.count == query.limit ? rows.last.map { UsageQuery.Cursor(createdAt: $0.createdAt, requestID: $0.requestID).token } : nil
        limit = query.limit
        offset = query.offset
    }
}
