/// An API key as lists show it: never its hash, and its secret only in `NewKeyView`, once.
struct KeyView: Encodable {
    var id: String
    var accountId: String
    var prefix: String
    var label: String
    var test: Bool
    /// `active`, `expired` or `revoked`.
    var status: String
    var scope: KeyScope
    var spentMicros: Int64
    var spent: String
    var createdAt: String
    var expiresAt: String?
    var revokedAt: String?
    var lastUsedAt: String?

    init(_ k: APIKeyRecord, now: Millis) {
        id = k.id
        accountId = k.accountID
        prefix = k.prefix
        label = k.label
        test = k.isTest
        status = k.revokedAt != nil ? "revoked" : (k.expiresAt.map { $0 <= now } == true ? "expired" : "active")
        scope = k.scope
        spentMicros = k.spentMicros
        spent = Money.format(k.spentMicros)
        createdAt = Timestamp.string(k.createdAt)
        expiresAt = Timestamp.string(k.expiresAt)
        revokedAt = Timestamp.string(k.revokedAt)
        lastUsedAt = Timestamp.string(k.lastUsedAt)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(accountId, forKey: .accountId)
        try c.encode(prefix, forKey: .prefix)
        try c.encode(label, forKey: .label)
        try c.encode(test, forKey: .test)
        try c.encode(status, forKey: .status)
        try c.encode(scope, forKey: .scope)
        try c.encode(spentMicros, forKey: .spentMicros)
        try c.encode(spent, forKey: .spent)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(revokedAt, forKey: .revokedAt)
        try c.encode(lastUsedAt, forKey: .lastUsedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, accountId, prefix, label, test, status, scope, spentMicros, spent, createdAt, expiresAt, revokedAt, lastUsedAt
    }
}

/// The answer to creating a key: the key, and its secret — the only time it is shown.
struct NewKeyView: Encodable {
    var key: KeyView
    var secret: String
}
