import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Refuses webhook URLs that would make the gateway call into the operator's own network:
/// loopback, private, link-local and every other non-public address (`PublicAddress`), unless
/// the operator allows them.
///
/// The check resolves the host once and hands back the address it approved; the sender connects
/// to that address and no other (`Target`). Resolving again at connect time would let a DNS
/// answer that changed in between — a rebinding attack — reach an address nobody checked.
struct WebhookAddressGuard: Sendable {
    var allowPrivate: Bool
    /// Turns a host name into addresses. The system resolver, except in tests.
    var resolve: @Sendable (_ host: String, _ port: Int) async -> [SocketAddress] = Self.systemResolve

    /// A checked webhook URL and the one address to connect to for it.
    struct Target: Sendable {
        var url: String
        /// The host as written in the URL (no brackets): what the Host header and TLS name carry.
        var host: String
        var address: SocketAddress
        /// The URL names an address, not a host name, so there is nothing to resolve or pin.
        var isLiteral: Bool
    }

    static let invalid = GatewayError(.badRequest, "invalid_webhook_url", "webhook_url must be an absolute http or https URL.")
    /// One answer for a host that does not resolve and one that resolves to a non-public address,
    /// and no address in it: otherwise the error would tell a caller which internal names exist
    /// and where they point.
    static let notAllowed = GatewayError(
        .badRequest, "webhook_url_not_allowed",
        "The webhook host must resolve to public internet addresses only; this gateway does not call private, loopback or reserved addresses.")

    @discardableResult
    func check(_ text: String) async throws -> Target {
        guard text.utf8.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let rawHost = url.host, !rawHost.isEmpty
        else { throw Self.invalid }
        let host = rawHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65535).contains(port) else { throw Self.invalid }
        if let literal = try? SocketAddress(ipAddress: host, port: port) {
            guard allowPrivate || PublicAddress.isPublic(literal) else { throw Self.notAllowed }
            return Target(url: text, host: host, address: literal, isLiteral: true)
        }
        let addresses = await resolve(host, port)
        // Every answer must be public, not just the first: which one a client would use is not
        // ours to predict.
        guard let first = addresses.first, allowPrivate || addresses.allSatisfy(PublicAddress.isPublic) else {
            throw Self.notAllowed
        }
        return Target(url: text, host: host, address: first, isLiteral: false)
    }

    static func systemResolve(_ host: String, port: Int) async -> [SocketAddress] {
        // getaddrinfo blocks, for seconds when a DNS server does not answer: it runs off the
        // cooperative pool, and a cancelled caller (a stopping gateway) stops waiting for it.
        let waiter = NIOLockedValueBox(ResolveWaiter.idle)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let cancelledAlready = waiter.withLockedValue { state -> Bool in
                    if case .cancelled = state { return true }
                    state = .waiting(continuation)
                    return false
                }
                if cancelledAlready { return continuation.resume(returning: []) }
                DispatchQueue.global().async {
                    let addresses = lookUp(host, port: port)
                    waiter.withLockedValue { $0.take() }?.resume(returning: addresses)
                }
            }
        } onCancel: {
            waiter.withLockedValue { state -> CheckedContinuation<[SocketAddress], Never>? in
                let continuation = state.take()
                state = .cancelled
                return continuation
            }?.resume(returning: [])
        }
    }

    /// Who resumes the caller: the lookup when it finishes, or cancellation, whichever is first.
    enum ResolveWaiter {
        case idle
        case waiting(CheckedContinuation<[SocketAddress], Never>)
        case cancelled
        case done

        mutating func take() -> CheckedContinuation<[SocketAddress], Never>? {
            guard case .waiting(let continuation) = self else { return nil }
            self = .done
            return continuation
        }
    }

    static func lookUp(_ host: String, port: Int) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else { return [] }
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
        return out
    }
}
