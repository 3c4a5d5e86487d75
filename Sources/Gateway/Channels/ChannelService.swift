import AsyncHTTPClient
import Foundation
import NIOCore

/// The operator's channel verbs, shared by the CLI and the admin API: add, edit, enable, disable,
/// test. Keys are encrypted here, before they reach the store, and never come back out in clear.
public struct ChannelService: Sendable {
    public let store: any ChannelStore
    let cipher: ChannelKeyCipher

    public init(store: any ChannelStore, cipher: ChannelKeyCipher) {
        self.store = store
        self.cipher = cipher
    }

    /// Fields an operator sets; nil leaves a value as it is (on edit) or at its default (on add).
    public struct Changes: Sendable, Codable {
        public var name: String?
        public var kind: UpstreamChannel.Kind?
        public var baseURL: String?
        /// The upstream API key, in clear only on its way in.
        public var apiKey: String?
        public var priority: Int?
        public var weight: Int?
        public var maxInflightImages: Int?
        public var enabled: Bool?
        public var rehost: UpstreamChannel.RehostMode?
        public var allowedImageHosts: [String]?
        public var connectTimeoutMillis: Int64?
        public var readTimeoutMillis: Int64?
        public var totalTimeoutMillis: Int64?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case name, kind, priority, weight, enabled, rehost
            case baseURL = "base_url"
            case apiKey = "api_key"
            case maxInflightImages = "max_inflight_images"
            case allowedImageHosts = "allowed_image_hosts"
            case connectTimeoutMillis = "connect_timeout_ms"
            case readTimeoutMillis = "read_timeout_ms"
            case totalTimeoutMillis = "total_timeout_ms"
        }

        static let fieldNames: Set<String> = [
            "name", "kind", "priority", "weight", "enabled", "rehost", "base_url", "api_key", "max_inflight_images",
            "allowed_image_hosts", "connect_timeout_ms", "read_timeout_ms", "total_timeout_ms",
        ]
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case invalid(String)
        case notFound(String)

        public var description: String {
            switch self {
            case .invalid(let m): m
            case .notFound(let id): "No channel \(id)."
            }
        }
    }

    public func add(_ changes: Changes) async throws -> UpstreamChannel {
        guard let name = changes.name, !name.isEmpty else { throw Problem.invalid("A channel needs a name.") }
        var channel = UpstreamChannel(name: name, kind: changes.kind ?? .ideogram)
        try apply(changes, to: &channel)
        if channel.kind == .ideogram, channel.encryptedKey == nil { throw Problem.invalid("An ideogram channel needs an api_key.") }
        if try await store.channels().contains(where: { $0.name == channel.name }) {
            throw Problem.invalid("A channel named \(channel.name) exists already.")
        }
        try await store.createChannel(channel)
        return channel
    }

    public func edit(_ idOrName: String, _ changes: Changes) async throws -> UpstreamChannel {
        var channel = try await find(idOrName)
        try apply(changes, to: &channel)
        channel.updatedAt = Date().millis
        guard try await store.updateChannel(channel) else { throw Problem.notFound(idOrName) }
        return channel
    }

    public func setEnabled(_ idOrName: String, _ enabled: Bool, reason: String? = nil) async throws -> UpstreamChannel {
        let channel = try await find(idOrName)
        _ = try await store.setChannelEnabled(
            id: channel.id, enabled: enabled, reason: enabled ? nil : (reason ?? "disabled by the operator"), at: Date().millis)
        return try await find(channel.id)
    }

    public func delete(_ idOrName: String) async throws {
        let channel = try await find(idOrName)
        _ = try await store.deleteChannel(id: channel.id)
    }

    public func find(_ idOrName: String) async throws -> UpstreamChannel {
        if let channel = try await store.channel(id: idOrName) { return channel }
        if let channel = try await store.channels().first(where: { $0.name == idOrName }) { return channel }
        throw Problem.notFound(idOrName)
    }

    /// The last four characters of the key, enough to tell keys apart and never enough to use one.
    public func keyHint(_ channel: UpstreamChannel) -> String? {
        guard let sealed = channel.encryptedKey, let key = try? cipher.open(sealed) else { return nil }
        return "…" + String(key.suffix(4))
    }

    /// Checks a channel without generating (or paying for) an image: an empty generate request is
    /// refused by Ideogram before it runs, with 400 when the key is good and 401/403 when it is not.
    public func test(_ idOrName: String, clients: HTTPClientPool) async throws -> TestResult {
        let channel = try await find(idOrName)
        guard channel.kind == .ideogram else { return TestResult(ok: true, status: nil, detail: "the sandbox renders locally") }
        guard let sealed = channel.encryptedKey, let key = try? cipher.open(sealed) else {
            return TestResult(ok: false, status: nil, detail: "the stored key cannot be decrypted")
        }
        let client = try await clients.client(connectMillis: channel.connectTimeoutMillis, readMillis: channel.readTimeoutMillis)
        var request = HTTPClientRequest(url: IdeogramUpstream.join(channel.baseURL, "/v1/ideogram-v3/generate"))
        request.method = .POST
        request.headers.add(name: "Api-Key", value: key)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "{}"))
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            let status = Int(response.status.code)
            let body = try await response.body.collect(upTo: 64 * 1024)
            switch status {
            case 400, 422:
                return TestResult(ok: true, status: status, detail: "reachable, key accepted")
            case 200:
                return TestResult(ok: true, status: status, detail: "reachable")
            default:
                let failure = IdeogramFailure.map(status: status, body: body)
                return TestResult(ok: false, status: status, detail: "\(ChannelRouter.outcome(failure)): \(failure)")
            }
        } catch {
            return TestResult(ok: false, status: nil, detail: "\(IdeogramUpstream.failure(for: error))")
        }
    }

    public struct TestResult: Sendable, Codable, Equatable {
        public var ok: Bool
        public var status: Int?
        public var detail: String
    }

    private func apply(_ c: Changes, to channel: inout UpstreamChannel) throws {
        if let name = c.name {
            guard !name.isEmpty, name.count <= 64, !name.contains(where: { $0.isWhitespace }) else {
                throw Problem.invalid("A channel name is 1–64 characters without spaces.")
            }
            channel.name = name
        }
        if let kind = c.kind { channel.kind = kind }
        if let base = c.baseURL {
            guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", url.host != nil else {
                throw Problem.invalid("base_url must be an absolute http(s) URL, e.g. https://api.ideogram.ai.")
            }
            channel.baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        }
        if let key = c.apiKey {
            guard !key.isEmpty else { throw Problem.invalid("api_key must not be empty.") }
            channel.encryptedKey = try cipher.seal(key)
        }
        if let p = c.priority { channel.priority = p }
        if let w = c.weight {
            guard w >= 1 else { throw Problem.invalid("weight must be at least 1.") }
            channel.weight = w
        }
        if let m = c.maxInflightImages {
            guard m >= 1 else { throw Problem.invalid("max_inflight_images must be at least 1.") }
            channel.maxInflightImages = m
        }
        if let e = c.enabled {
            channel.enabled = e
            channel.disabledReason = e ? nil : (channel.disabledReason ?? "disabled by the operator")
        }
        if let r = c.rehost { channel.rehost = r }
        if let hosts = c.allowedImageHosts { channel.allowedImageHosts = hosts.map { $0.lowercased() } }
        for (value, field) in [(c.connectTimeoutMillis, "connect_timeout_ms"), (c.readTimeoutMillis, "read_timeout_ms"), (c.totalTimeoutMillis, "total_timeout_ms")] {
            if let value, value < 1 { throw Problem.invalid("\(field) must be positive.") }
        }
        if let v = c.connectTimeoutMillis { channel.connectTimeoutMillis = v }
        if let v = c.readTimeoutMillis { channel.readTimeoutMillis = v }
        if let v = c.totalTimeoutMillis { channel.totalTimeoutMillis = v }
    }
}

extension ChannelService {
    /// The service for an install's data directory: its store and the cipher key kept next to it.
    /// For the CLI, which edits channels while a server may be running (it re-reads them).
    public static func open(_ config: GatewayConfig, store: any ChannelStore & SettingsStore) async throws -> ChannelService {
        try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        let cipher = try ChannelKeyCipher.load(path: config.channelKeyPath, override: config.channelKey)
        // A channel sealed with another key than the servers' would fail every call.
        try await cipher.verify(against: store)
        return ChannelService(store: store, cipher: cipher)
    }
}
