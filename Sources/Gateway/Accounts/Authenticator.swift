import Foundation
import HTTPTypes
import Hummingbird

/// Turns `Api-Key: sk-…` or `Authorization: Bearer sk-…` into a `Caller`, or a 401.
public struct Authenticator: Sendable {
    let store: any CatalogStore

    public init(store: any CatalogStore) { self.store = store }

    public func authenticate(_ headers: HTTPFields, now: Date = Date()) async throws -> Caller {
        guard let secret = Credentials.apiKey(in: headers) else {
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
