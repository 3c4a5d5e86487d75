import Foundation

/// `POST …/keys`: a new key's label, expiry and scope. `test` is for the operator only.
struct NewKeyBody: Decodable {
    var label: String?
    var expiresAt: String?
    var scope: KeyScope?
    var test: Bool?

    enum CodingKeys: String, CodingKey {
        case label, scope, test
        case expiresAt = "expires_at"
    }

    static let fields: Set<String> = ["label", "expires_at", "scope", "test"]

    /// The expiry as millis, refusing one that has already passed.
    func expiry(now: Millis) throws -> Millis? {
        guard let expiresAt else { return nil }
        let millis = try Timestamp.parse(expiresAt, field: "expires_at")
        guard millis > now else { throw GatewayError(.badRequest, "invalid_expiry", "expires_at must be in the future.") }
        return millis
    }
}

/// `PATCH …/keys/{id}`: any of label, expiry (null removes it) and scope (replaced whole).
struct KeyUpdateBody: Decodable {
    var label: String?
    var expiresAt: Patch<String>
    var scope: KeyScope?

    enum CodingKeys: String, CodingKey {
        case label, scope
        case expiresAt = "expires_at"
    }

    static let fields: Set<String> = ["label", "expires_at", "scope"]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        scope = try c.decodeIfPresent(KeyScope.self, forKey: .scope)
        expiresAt = try Patch.decode(c, .expiresAt)
    }

    /// nil: leave as is; `.some(nil)`: remove the expiry.
    func expiry() throws -> Millis?? {
        switch expiresAt {
        case .absent: return nil
        case .null: return .some(nil)
        case .value(let text): return .some(try Timestamp.parse(text, field: "expires_at"))
        }
    }
}
