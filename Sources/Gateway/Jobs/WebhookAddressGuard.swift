import Foundation
import NIOCore

/// Refuses webhook URLs that would make the gateway call into the operator's own network:
/// loopback, private, link-local and other non-public addresses, unless the operator allows them.
struct WebhookAddressGuard: Sendable {
    var allowPrivate: Bool

    func check(_ text: String) async throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, text.utf8.count <= 2048
        else {
            throw GatewayError(.badRequest, "invalid_webhook_url", "webhook_url must be an absolute http or https URL.")
        }
        if allowPrivate { return }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        let addresses = try await Self.resolve(host, port: port)
        guard !addresses.isEmpty else {
            throw GatewayError(.badRequest, "invalid_webhook_url", "The webhook host \(host) does not resolve.")
        }
        if let blocked = addresses.first(where: { !Self.isPublic($0) }) {
            throw GatewayError(
                .badRequest, "webhook_url_not_allowed",
                "The webhook host resolves to a non-public address (\(blocked.ipAddress ?? "?")), which this gateway does not call.")
        }
    }

    static func resolve(_ host: String, port: Int) async throws -> [SocketAddress] {
        if let literal = try? SocketAddress(ipAddress: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port) {
            return [literal]
        }
        // getaddrinfo blocks: keep it off the cooperative pool's threads.
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var result: UnsafeMutablePointer<addrinfo>?
                guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else {
                    continuation.resume(returning: [])
                    return
                }
                defer { freeaddrinfo(first) }
                var out: [SocketAddress] = []
                var cursor: UnsafeMutablePointer<addrinfo>? = first
                while let info = cursor {
                    if let address = info.pointee.ai_addr {
                        switch Int32(info.pointee.ai_family) {
                        case AF_INET:
                            let v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
                            out.append(SocketAddress(v4, host: host))
                        case AF_INET6:
                            let v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee }
                            out.append(SocketAddress(v6, host: host))
                        default: break
                        }
                    }
                    cursor = info.pointee.ai_next
                }
                continuation.resume(returning: out)
            }
        }
    }

    static let blockedRanges: [IPRange] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "::ffff:0:0/96",
    ].compactMap { IPRange($0) }

    static func isPublic(_ address: SocketAddress) -> Bool {
        !blockedRanges.contains { $0.contains(address) }
    }
}
