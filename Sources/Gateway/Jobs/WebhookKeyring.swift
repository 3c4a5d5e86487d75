import Crypto
import Foundation

/// The Ed25519 keys webhooks are signed with, as Ideogram signs its own (DESIGN.md, "Webhooks"):
/// the current key signs, and the key it replaced stays published until the next rotation, so a
/// receiver that cached the key set an hour ago still verifies today's deliveries.
///
/// The keys live in the settings table, sealed with the channel key file's cipher: a copy of the
/// database alone (a backup, a dump shared for support) cannot forge a webhook. Every read goes to
/// the store, so `ideogate webhook-key rotate` run from another process applies to the very next
/// delivery and the very next JWKS request without a restart; webhooks are few, a read is cheap.
public struct WebhookKeyring: Sendable {
    let store: any SettingsStore
    let cipher: ChannelKeyCipher

    static let settingKey = "webhook_signing_keys"

    public init(store: any SettingsStore, cipher: ChannelKeyCipher) {
        self.store = store
        self.cipher = cipher
    }

    /// One signing key. `kid` is derived from the public key, so it names the key and nothing else.
    public struct Key: Sendable {
        public var kid: String
        var privateKey: Curve25519.Signing.PrivateKey
        public var createdAt: Int64

        public var publicKey: Curve25519.Signing.PublicKey { privateKey.publicKey }

        init(privateKey: Curve25519.Signing.PrivateKey, createdAt: Int64) {
            self.privateKey = privateKey
            self.createdAt = createdAt
            let thumbprint = SHA256.hash(data: privateKey.publicKey.rawRepresentation)
            kid = "whk_" + Base64URL.encode(Data(thumbprint).prefix(12))
        }
    }

    /// What is sealed in the setting: the raw private keys, current first.
    private struct Stored: Codable {
        var keys: [StoredKey]
    }

    private struct StoredKey: Codable {
        var d: String
        var createdAt: Int64
    }

    /// Current key first, then the previous one if there was a rotation. Creates the first key on
    /// first use; two processes racing to do so agree on one (`settingIfAbsent`).
    public func keys() async throws -> [Key] {
        if let sealed = try await store.setting(Self.settingKey) { return try decode(sealed) }
        let fresh = try encode([Key(privateKey: .init(), createdAt: Date().millis)])
        return try decode(try await store.settingIfAbsent(Self.settingKey, value: fresh))
    }

    public func current() async throws -> Key {
        guard let key = try await keys().first else { throw KeyringError.empty }
        return key
    }

    /// Makes a new current key and keeps the one it replaces published; the key before that is
    /// dropped (its deliveries are at least one rotation old). Returns the new key set.
    @discardableResult
    public func rotate(now: Date = Date()) async throws -> [Key] {
        let existing = try await keys()
        let next = [Key(privateKey: .init(), createdAt: now.millis)] + existing.prefix(1)
        try await store.setSetting(Self.settingKey, value: try encode(next))
        return next
    }

    /// The public half, as `GET /v1/.well-known/jwks.json` publishes it (RFC 8037 OKP keys).
    public func jwks() async throws -> JWKS {
        JWKS(keys: try await keys().map { key in
            JWKS.Key(kid: key.kid, x: Base64URL.encode(key.publicKey.rawRepresentation))
        })
    }

    private func encode(_ keys: [Key]) throws -> String {
        let stored = Stored(keys: keys.map { StoredKey(d: $0.privateKey.rawRepresentation.base64EncodedString(), createdAt: $0.createdAt) })
        return try cipher.seal(String(decoding: try JSONEncoder().encode(stored), as: UTF8.self))
    }

    private func decode(_ sealed: String) throws -> [Key] {
        let stored = try JSONDecoder().decode(Stored.self, from: Data(try cipher.open(sealed).utf8))
        return try stored.keys.map { entry in
            guard let raw = Data(base64Encoded: entry.d) else { throw KeyringError.malformed }
            return Key(privateKey: try Curve25519.Signing.PrivateKey(rawRepresentation: raw), createdAt: entry.createdAt)
        }
    }

    public enum KeyringError: Error, CustomStringConvertible {
        case empty
        case malformed

        public var description: String {
            switch self {
            case .empty: "No webhook signing key is stored."
            case .malformed: "A stored webhook signing key is not in the expected form."
            }
        }
    }
}

/// A JSON Web Key Set of Ed25519 public keys.
public struct JWKS: Codable, Sendable, Equatable {
    public var keys: [Key]

    public struct Key: Codable, Sendable, Equatable {
        public var kty = "OKP"
        public var crv = "Ed25519"
        public var alg = "EdDSA"
        public var use = "sig"
        public var kid: String
        /// The raw 32-byte public key, base64url without padding.
        public var x: String
    }
}

/// Base64url without padding (RFC 4648 §5), as JOSE and Ideogram's ids use it.
enum Base64URL {
    static func encode(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension WebhookKeyring {
    /// The keyring of a data directory, for the command line (the server builds its own).
    public static func open(_ config: GatewayConfig, store: any SettingsStore) async throws -> WebhookKeyring {
        let cipher = try ChannelKeyCipher.load(path: config.channelKeyPath, override: config.channelKey)
        // Keys sealed with another cipher key than the servers' could not be opened by them.
        try await cipher.verify(against: store)
        return WebhookKeyring(store: store, cipher: cipher)
    }
}
