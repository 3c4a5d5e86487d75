/// An account as the admin and account APIs show it.
struct AccountView: Encodable {
    var id: String
    var name: String
    var tier: String
    var balanceMicros: Int64
    var balance: String
    var disabled: Bool
    var disabledAt: String?
    var createdAt: String
    /// Present on single-account reads.
    var keys: [KeyView]?

    init(_ a: Account, keys: [APIKeyRecord]? = nil, now: Millis) {
        id = a.id
        name = a.name
        tier = a.tier
        balanceMicros = a.balanceMicros
        balance = Money.format(a.balanceMicros)
        disabled = a.disabledAt != nil
        disabledAt = Timestamp.string(a.disabledAt)
        createdAt = Timestamp.string(a.createdAt)
        self.keys = keys?.map { KeyView($0, now: now) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(tier, forKey: .tier)
        try c.encode(balanceMicros, forKey: .balanceMicros)
        try c.encode(balance, forKey: .balance)
        try c.encode(disabled, forKey: .disabled)
        // Always present (null when not disabled), so clients can rely on the shape.
        try c.encode(disabledAt, forKey: .disabledAt)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encodeIfPresent(keys, forKey: .keys)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, tier, balanceMicros, balance, disabled, disabledAt, createdAt, keys
    }
}
