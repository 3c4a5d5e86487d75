import Foundation
import HTTPTypes
import Hummingbird

/// Turns `Api-Key: sk-…` or `Authorization: Bearer sk-…` into a `Caller`, or a 401.
public struct Authenticator: Sendable {
    let store: any CatalogStore

    public init(store: any CatalogStore) { self.store = store }

    static let apiKeyField = HTTPField.Name("Api-Key")!

    /// The secret the request carries, if any. `Api-Key` wins when both are present, as it is
    /// the header Ideogram itself reads.
    static func secret(in headers: HTTPFields) -> String? {
        if let value = headers[apiKeyField].map(trimmed), !value.isEmpty {
            return value
        }
        if let auth = headers[.authorization] {
            let parts = auth.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let token = trimmed(parts[1])
                return token.isEmpty ? nil : token
            }
        }
        return nil
    }

    /// Spaces and tabs off both ends. Foundation's `trimmingCharacters` bridges through
    /// NSString, a cost every request paid.
    static func trimmed(_ s: some StringProtocol) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = s.firstIndex(where: { !blank($0) }), let last = s.lastIndex(where: { !blank($0) }) else { return "" }
        return String(s[first...last])
    }

    public func authenticate(_ headers: HTTPFields, now: Date = Date()) async throws -> Caller {
        guard let secret = Self.secret(in: headers) else {
            throw GatewayError(.unauthorized, "missing_api_key", "Send your key in the Api-Key header (or Authorization: Bearer).")
        }
        guard let (key, account) = try await store.caller(keyHash: KeySecret.hash(secret)) else {
            throw GatewayError.unauthorized("This API key is not valid.")
        }
        if key.revokedAt != nil {
            throw GatewayError(.unauthorized, "key_revoked", "This API key has been revoked.")
        }
        if let expiry = key.expiresAt, expiry <= now.millis {
            throw GatewayError(.unauthorized, "key_expired", "This API key has expired.")
        }
        guard account.disabledAt == nil else {
            throw GatewayError(.unauthorized, "account_disabled", "The account of this API key is disabled.")
        }
        markUsed(key, now: now.millis)
        return Caller(key: key, account: account)
    }

    /// Records the key's last use; the store keeps that to one write a minute per key, and
    /// does not make the request wait for it.
    private func markUsed(_ key: APIKeyRecord, now: Millis) {
        store.markKeyUsed(id: key.id, at: now)
    }
}
