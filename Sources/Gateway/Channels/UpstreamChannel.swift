import Foundation

/// One upstream account the operator put behind the gateway: an Ideogram API key (or a key for
/// another Ideogram-compatible relay), or the local sandbox renderer.
///
/// The upstream key is kept only encrypted (`encryptedKey`, see `ChannelKeyCipher`); this value
/// never carries it in clear, so it can be listed, logged and returned by the admin API safely.
public struct UpstreamChannel: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case ideogram
        case sandbox
    }

    /// What happens to the image links an upstream returns.
    public enum RehostMode: String, Sendable, Codable, CaseIterable {
        /// Download each image, store it and hand out our own signed link (Ideogram's expire in 24 h).
        case rehost
        /// Hand the upstream's link to the customer as is.
        case passthrough
    }

    public var id: String
    public var name: String
    public var kind: Kind
    /// e.g. `https://api.ideogram.ai`; the operation's Ideogram path is appended.
    public var baseURL: String
    /// `ChannelKeyCipher` output; nil for the sandbox.
    public var encryptedKey: String?
    /// Higher is preferred; lower priorities serve when the higher ones are full or failing.
    public var priority: Int
    /// Share of traffic among channels of the same priority.
    public var weight: Int
    /// Ideogram counts images in progress per organisation, not requests (default 10).
    public var maxInflightImages: Int
    public var enabled: Bool
    /// Why the channel was switched off, e.g. an upstream 401; nil when enabled.
    public var disabledReason: String?
    public var rehost: RehostMode
    /// Hosts image links may be downloaded from when rehosting; anything else is passed through.
    public var allowedImageHosts: [String]
    public var connectTimeoutMillis: Int64
    public var readTimeoutMillis: Int64
    public var totalTimeoutMillis: Int64
    public var createdAt: Millis
    public var updatedAt: Millis

    public static let defaultImageHosts = ["ideogram.ai", "api.ideogram.ai"]
    public static let defaultBaseURL = "https://api.ideogram.ai"

    public init(
        id: String = UpstreamChannel.makeID(), name: String, kind: Kind, baseURL: String = UpstreamChannel.defaultBaseURL,
        encryptedKey: String? = nil, priority: Int = 0, weight: Int = 1, maxInflightImages: Int = 10,
        enabled: Bool = true, disabledReason: String? = nil, rehost: RehostMode = .rehost,
        allowedImageHosts: [String] = UpstreamChannel.defaultImageHosts,
        connectTimeoutMillis: Int64 = 10_000, readTimeoutMillis: Int64 = 150_000, totalTimeoutMillis: Int64 = 180_000,
        createdAt: Millis = Date().millis, updatedAt: Millis = Date().millis
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.encryptedKey = encryptedKey
        self.priority = priority
        self.weight = weight
        self.maxInflightImages = maxInflightImages
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.rehost = rehost
        self.allowedImageHosts = allowedImageHosts
        self.connectTimeoutMillis = connectTimeoutMillis
        self.readTimeoutMillis = readTimeoutMillis
        self.totalTimeoutMillis = totalTimeoutMillis
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public static func makeID() -> String { "ch_" + KeySecret.randomToken(length: 16) }
}
