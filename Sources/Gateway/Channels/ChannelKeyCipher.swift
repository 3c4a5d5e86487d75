import Crypto
import Foundation

/// Encrypts upstream API keys at rest (ChaCha20-Poly1305).
///
/// The cipher key is a file in the data directory, not a row in the database: a copy of the
/// database alone (a backup, a dump shared for support) then reveals no upstream key.
public struct ChannelKeyCipher: Sendable {
    let key: SymmetricKey
    static let prefix = "v1:"

    public init(key: SymmetricKey) { self.key = key }

    /// Reads the cipher key from `path`, creating it (readable by the owner only) on first use.
    /// `override` (the operator's `IDEOGATE_CHANNEL_KEY`, base64 of 32 bytes) takes its place:
    /// several nodes on one database must all hold the same key.
    public static func load(path: String, override: String? = nil) throws -> ChannelKeyCipher {
        if let override {
            guard let decoded = Data(base64Encoded: override.trimmingCharacters(in: .whitespacesAndNewlines)), decoded.count == 32 else {
                throw CipherError.malformedOverride
            }
            return ChannelKeyCipher(key: SymmetricKey(data: decoded))
        }
        let fm = FileManager.default
        if let data = fm.contents(atPath: path), let decoded = Data(base64Encoded: data), decoded.count == 32 {
            return ChannelKeyCipher(key: SymmetricKey(data: decoded))
        }
        if fm.fileExists(atPath: path) { throw CipherError.unreadableKeyFile(path) }
        let key = SymmetricKey(size: .bits256)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedData() }
        guard fm.createFile(atPath: path, contents: encoded, attributes: [.posixPermissions: 0o600]) else {
            throw CipherError.unreadableKeyFile(path)
        }
        return ChannelKeyCipher(key: key)
    }

    public func seal(_ secret: String) throws -> String {
        let box = try ChaChaPoly.seal(Data(secret.utf8), using: key)
        return Self.prefix + box.combined.base64EncodedString()
    }

    public func open(_ sealed: String) throws -> String {
        guard sealed.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))) else {
            throw CipherError.malformed
        }
        let plain = try ChaChaPoly.open(ChaChaPoly.SealedBox(combined: data), using: key)
        return String(decoding: plain, as: UTF8.self)
    }

    public enum CipherError: Error, CustomStringConvertible {
        case unreadableKeyFile(String)
        case malformed
        case malformedOverride
        case differentKey

        public var description: String {
            switch self {
            case .unreadableKeyFile(let path): "The channel key file \(path) exists but cannot be read; restore it from backup."
            case .malformed: "A stored channel key is not in the expected form."
            case .malformedOverride: "IDEOGATE_CHANNEL_KEY must be the base64 of 32 bytes (for example the contents of channel-keys.secret)."
            case .differentKey:
                "This node's channel key is not the one the database's channels were sealed with. Give every node the same key (IDEOGATE_CHANNEL_KEY or the same channel-keys.secret)."
            }
        }
    }
}

extension ChannelKeyCipher {
    /// Refuses to start with a key other than the one the database was first used with: a node
    /// with the wrong key would fail every upstream call of every channel. The check value is a
    /// MAC of a fixed text, so the database still reveals nothing about the key.
    func verify(against settings: any SettingsStore) async throws {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("ideogate channel key check".utf8), using: key)
        let mine = Data(mac).base64EncodedString()
        let stored = try await settings.settingIfAbsent("channel_key_check", value: mine)
        guard stored == mine else { throw CipherError.differentKey }
    }
}
