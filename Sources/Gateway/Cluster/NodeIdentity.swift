import Foundation

/// This process among the gateway's nodes. A new id every start: a restarted node is a new
/// node, and what its previous run left open is released like any dead node's.
public struct NodeIdentity: Sendable, Equatable {
    public let id: String
    public let host: String
    public let startedAt: Millis

    public init(id: String, host: String, startedAt: Millis) {
        self.id = id
        self.host = host
        self.startedAt = startedAt
    }

    /// `name` (the operator's `--node-name`) prefixes the random part so logs stay readable.
    public static func generate(name: String? = nil, now: Millis = Date().millis) -> NodeIdentity {
        let host = ProcessInfo.processInfo.hostName
        let prefix = (name ?? "node").filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }.prefix(32)
        return NodeIdentity(id: "\(prefix.isEmpty ? "node" : String(prefix))_\(KeySecret.randomToken(length: 10))", host: host, startedAt: now)
    }

    func record(at now: Millis) -> NodeRecord {
        NodeRecord(id: id, host: host, startedAt: startedAt, lastSeen: now)
    }
}
