/// Who is calling: the key that authenticated the request and the account it spends from.
///
/// A class, not a struct: the two records are a few hundred bytes of strings and arrays, and
/// every async frame on a request's way (the pipeline, the router, the usage trace) kept its own
/// copy for as long as the request waited upstream. Shared by reference, each copy is a pointer.
public final class Caller: Sendable {
    public let key: APIKeyRecord
    public let account: Account
    /// Test keys always use the sandbox and are never charged (DESIGN.md §4).
    public var isTest: Bool { key.isTest }

    public init(key: APIKeyRecord, account: Account) {
        self.key = key
        self.account = account
    }
}
