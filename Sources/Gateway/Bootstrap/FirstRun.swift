import Foundation

/// What a fresh install prints once: the admin token and a demo account's key.
public struct FirstRunReport: Sendable {
    public var adminToken: String
    public var demoAccountID: String
    public var demoKey: String
    public var demoCreditMicros: Int64
}

extension Ideogate {
    /// On an empty data directory: creates the admin token and a demo account with a key and
    /// credit. Returns nil when the install was set up before (secrets are shown only once).
    public func bootstrapIfNeeded() async throws -> FirstRunReport? {
        let token = AdminToken.make()
        let stored = try await store.settingIfAbsent(AdminToken.settingKey, value: KeySecret.hash(token))
        guard stored == KeySecret.hash(token) else { return nil }
        let accounts = AccountService(store: store)
        let account = try await accounts.createAccount(name: "demo")
        _ = try await accounts.adjustBalance(accountID: account.id, amount: config.demoCreditMicros, kind: .credit, memo: "welcome credit", entryID: "welcome-\(account.id)")
        let key = try await accounts.createKey(accountID: account.id, label: "demo")
        return FirstRunReport(adminToken: token, demoAccountID: account.id, demoKey: key.secret, demoCreditMicros: config.demoCreditMicros)
    }
}
