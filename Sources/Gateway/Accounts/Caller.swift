/// Who is calling: the key that authenticated the request and the account it spends from.
public struct Caller: Sendable {
    public var key: APIKeyRecord
    public var account: Account
    /// Test keys always use the sandbox and are never charged (DESIGN.md §4).
    public var isTest: Bool { key.isTest }
}
