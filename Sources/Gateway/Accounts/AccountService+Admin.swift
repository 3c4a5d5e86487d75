import Foundation

/// The operator's (and the account holder's) changes to accounts and keys. The admin API, the
/// account API and the CLI all come through here, so each rule is checked in one place.
extension AccountService {
    public func requireAccount(_ id: String) async throws -> Account {
        guard let account = try await store.account(id: id) else {
            throw GatewayError(.notFound, "account_not_found", "No account \(id).")
        }
        return account
    }

    public func requireKey(_ id: String) async throws -> APIKeyRecord {
        guard let key = try await store.key(id: id) else {
            throw GatewayError(.notFound, "key_not_found", "No key \(id).")
        }
        return key
    }

    /// Creates an account on an existing tier, with an optional opening credit written to the
    /// ledger like any other.
    public func openAccount(name: String, tier: String = "default", creditMicros: Int64 = 0, memo: String = "opening credit") async throws -> Account {
        let name = try Self.checkedName(name)
        try await requireTier(tier)
        guard creditMicros >= 0 else {
            throw GatewayError(.badRequest, "invalid_amount", "The opening credit must not be negative.")
        }
        var account = try await createAccount(name: name, tier: tier)
        if creditMicros > 0 {
            account.balanceMicros = try await move(accountID: account.id, amount: creditMicros, memo: memo, idempotencyKey: "opening")
        }
        return account
    }

    /// Renames, moves to another tier, or disables (or re-enables) an account. nil leaves a
    /// field as it is.
    public func updateAccount(id: String, name: String? = nil, tier: String? = nil, disabled: Bool? = nil) async throws -> Account {
        var account = try await requireAccount(id)
        if let name { account.name = try Self.checkedName(name) }
        if let tier {
            try await requireTier(tier)
            account.tier = tier
        }
        if let disabled {
            // Keep the first disable time when an account is disabled twice.
            account.disabledAt = disabled ? (account.disabledAt ?? Date().millis) : nil
        }
        try await store.updateAccount(account)
        return try await requireAccount(id)
    }

    /// Credits (positive `amount`) or debits (negative) the account, with a memo in the ledger.
    /// A debit never takes the balance below zero: it is refused whole (409). With an
    /// idempotency key, repeating the call applies it once.
    public func move(accountID: String, amount: Int64, memo: String, idempotencyKey: String? = nil) async throws -> Int64 {
        guard amount != 0 else { throw GatewayError(.badRequest, "invalid_amount", "The amount must not be zero.") }
        let account = try await requireAccount(accountID)
        let kind: LedgerEntryKind = amount > 0 ? .credit : .debit
        let entryID = idempotencyKey.map { "adj_\(accountID)_\($0)" } ?? "adj_" + KeySecret.randomToken(length: 20)
        guard let balance = try await store.adjust(
            entryID: entryID, accountID: accountID, amount: amount, kind: kind, memo: memo, at: Date().millis)
        else {
            throw GatewayError(
                .conflict, "insufficient_balance",
                "A debit of \(Money.format(-amount)) would take the balance of \(Money.format(account.balanceMicros)) below zero.",
                details: ["balance_micros": .int(account.balanceMicros), "amount_micros": .int(-amount)])
        }
        return balance
    }

    /// Changes a key's label, expiry (`.some(nil)` removes it) or scope (replaced whole).
    public func updateKey(id: String, label: String? = nil, expiresAt: Millis?? = nil, scope: KeyScope? = nil) async throws -> APIKeyRecord {
        var key = try await requireKey(id)
        if let label { key.label = try Self.checkedLabel(label) }
        if let expiresAt { key.expiresAt = expiresAt }
        if let scope { key.scope = try scope.validated() }
        try await store.updateKey(key)
        return try await requireKey(id)
    }

    /// Revokes a key for good; revoking a revoked key keeps the first time.
    public func revokeKey(id: String) async throws -> APIKeyRecord {
        var key = try await requireKey(id)
        if key.revokedAt == nil {
            key.revokedAt = Date().millis
            try await store.updateKey(key)
        }
        return key
    }

    public func requireTier(_ name: String) async throws {
        guard try await store.tier(named: name) != nil else {
            let known = try await store.tiers().map(\.name).joined(separator: ", ")
            throw GatewayError(.badRequest, "unknown_tier", "No tier \"\(name)\". Known tiers: \(known).")
        }
    }

    static func checkedName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(trimmed.count) else {
            throw GatewayError(.badRequest, "invalid_name", "The account name must be 1 to 200 characters.")
        }
        return trimmed
    }

    public static func checkedLabel(_ label: String) throws -> String {
        let trimmed = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(trimmed.count) else {
            throw GatewayError(.badRequest, "invalid_label", "A key label must be 1 to 100 characters.")
        }
        return trimmed
    }
}
