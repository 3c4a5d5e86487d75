import Foundation

/// Creating accounts and keys, and moving money by hand — shared by the CLI, the admin API and
/// first-run set-up so there is one way to do each.
public struct AccountService: Sendable {
    let store: any AccountStore & LedgerStore & CatalogStore

    public init(store: any AccountStore & LedgerStore & CatalogStore) { self.store = store }

    public func createAccount(name: String, tier: String = "default") async throws -> Account {
        let account = Account(
            id: "acct_" + KeySecret.randomToken(length: 16), name: name, tier: tier, balanceMicros: 0,
            createdAt: Date().millis, disabledAt: nil)
        try await store.createAccount(account)
        return account
    }

    public struct NewKey: Sendable {
        public var record: APIKeyRecord
        /// The secret itself: returned once, never stored.
        public var secret: String
    }

    public func createKey(
        accountID: String, label: String, test: Bool = false, expiresAt: Date? = nil, scope: KeyScope = KeyScope()
    ) async throws -> NewKey {
        guard try await store.account(id: accountID) != nil else {
            throw GatewayError(.notFound, "account_not_found", "No account \(accountID).")
        }
        let scope = try scope.validated()
        let label = try Self.checkedLabel(label)
        let secret = KeySecret.make(test: test)
        let record = APIKeyRecord(
            id: "key_" + KeySecret.randomToken(length: 16), accountID: accountID, prefix: KeySecret.displayPrefix(secret),
            hash: KeySecret.hash(secret), label: label, isTest: test, createdAt: Date().millis,
            expiresAt: expiresAt?.millis, revokedAt: nil, lastUsedAt: nil, scope: scope)
        try await store.createKey(record)
        return NewKey(record: record, secret: secret)
    }

    /// A credit (positive) or debit (negative), written to the ledger. Returns the new balance.
    public func adjustBalance(accountID: String, amount: Int64, kind: LedgerEntryKind, memo: String, entryID: String? = nil) async throws -> Int64 {
        guard let balance = try await store.adjust(
            entryID: entryID ?? "adj_" + KeySecret.randomToken(length: 20), accountID: accountID, amount: amount,
            kind: kind, memo: memo, at: Date().millis)
        else {
            throw GatewayError(.conflict, "adjustment_refused", "No such account, or the debit exceeds the balance.")
        }
        return balance
    }
}
