/// A redemption code in a list: its prefix and state, never the code.
struct RedemptionCodeView: Encodable {
    var prefix: String
    var batch: String
    var amountMicros: Int64
    var amount: String
    /// `available`, `redeemed` or `expired`.
    var status: String
    var redeemedBy: String?
    var redeemedAt: String?
    var expiresAt: String?
    var memo: String?
    var createdAt: String

    init(_ c: RedemptionCode, now: Millis) {
        prefix = c.prefix
        batch = c.batch
        amountMicros = c.amountMicros
        amount = Money.format(c.amountMicros)
        status = c.redeemedAt != nil ? "redeemed" : (c.expiresAt.map { $0 <= now } == true ? "expired" : "available")
        redeemedBy = c.redeemedBy
        redeemedAt = Timestamp.string(c.redeemedAt)
        expiresAt = Timestamp.string(c.expiresAt)
        memo = c.memo
        createdAt = Timestamp.string(c.createdAt)
    }
}
