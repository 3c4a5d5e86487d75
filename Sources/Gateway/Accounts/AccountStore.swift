/// Accounts and their API keys as the operator and the customer manage them. Balances are read
/// here but only ever changed through `LedgerStore`.
public protocol AccountStore: Sendable {
    func createAccount(_ account: Account) async throws
    func account(id: String) async throws -> Account?
    func accounts() async throws -> [Account]
    /// Writes name, tier and disabled time; the balance is never touched here.
    func updateAccount(_ account: Account) async throws

    func createKey(_ key: APIKeyRecord) async throws
    func key(hash: String) async throws -> APIKeyRecord?
    func key(id: String) async throws -> APIKeyRecord?
    /// Keys of one account, or of every account when nil; oldest first.
    func keys(accountID: String?) async throws -> [APIKeyRecord]
    /// Writes label, expiry, scope and revocation; the hash and the spend counters stay as they are.
    func updateKey(_ key: APIKeyRecord) async throws
}
