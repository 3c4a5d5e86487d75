/// A price-list entry on the wire.
struct PriceView: Encodable {
    var operation: String
    var variant: String
    var micros: Int64
    var price: String
    var updatedAt: String

    init(_ p: PriceEntry) {
        operation = p.operation
        variant = p.variant
        micros = p.micros
        price = Money.format(p.micros)
        updatedAt = Timestamp.string(p.updatedAt)
    }
}

/// A tier on the wire, with its multiplier also as a decimal for people.
struct TierView: Encodable {
    var name: String
    var multiplierPpm: Int64
    var multiplier: String

    init(_ t: Tier) {
        name = t.name
        multiplierPpm = t.multiplierPPM
        let whole = t.multiplierPPM / 1_000_000
        var fraction = String(t.multiplierPPM % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.count > 1, fraction.hasSuffix("0") { fraction.removeLast() }
        multiplier = "\(whole).\(fraction)"
    }
}
