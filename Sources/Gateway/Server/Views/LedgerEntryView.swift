/// One ledger entry on the wire.
struct LedgerEntryView: Encodable {
    var id: Int64
    var kind: String
    var amountMicros: Int64
    var amount: String
    var chargeMicros: Int64?
    var requestId: String
    var keyId: String?
    var memo: String?
    var createdAt: String

    init(_ e: LedgerEntry) {
        id = e.id
        kind = e.kind.rawValue
        amountMicros = e.amountMicros
        amount = Money.format(e.amountMicros)
        chargeMicros = e.chargeMicros
        requestId = e.requestID
        keyId = e.keyID
        memo = e.memo
        createdAt = Timestamp.string(e.createdAt)
    }
}
