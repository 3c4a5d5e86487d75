import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import Gateway

/// Webhooks cannot be aimed at the operator's network: every address form that reaches a
/// non-public IPv4 or IPv6 host is refused, the connection goes to the address that was checked,
/// and the delivery log does not describe the far side beyond an HTTP status.
@Suite struct WebhookSecurityTests {
    static let blocked = [
        // IPv4 special-purpose blocks.
        "0.1.2.3", "10.1.2.3", "100.64.0.1", "127.0.0.1", "169.254.169.254", "172.16.0.1", "192.0.0.8", "192.0.2.1",
        "192.168.1.1", "198.18.0.1", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1",
        "255.255.255.255",
        // IPv6 outside global unicast, and the reserved blocks inside it.
        "::", "::1", "fe80::1", "fec0::1", "fc00::1", "fd12:3456::1", "ff02::1", "100::1", "2001:db8::1", "3fff::1",
        "2001:2::1", "64:ff9b:1::a00:1",
        // IPv6 forms that carry a private IPv4 address.
        "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::10.0.0.1", "::127.0.0.1", "::ffff:0:10.0.0.1", "64:ff9b::10.0.0.1",
        "64:ff9b::a9fe:a9fe", "2002:a00:1::1", "2002:7f00:1::", "2002:a9fe:a9fe::1",
        // Teredo: a public relay with the client 10.0.0.1 (inverted), and a private relay.
        "2001:0:808:808:8000:63bf:f5ff:fffe", "2001:0:a00:1:8000:63bf:f7f7:f7f7",
    ]

    static let allowed = [
        "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001::200e",
        // The same forms carrying a public IPv4 address reach a public host.
        "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::1", "2001:0:808:808:8000:63bf:f7f7:f7f7",
    ]

    @Test(arguments: blocked)
    func nonPublicAddressesAreRefused(_ address: String) async throws {
        let guardrail = WebhookAddressGuard(allowPrivate: false)
        let host = address.contains(":") ? "[\(address)]" : address
        await #expect(throws: WebhookAddressGuard.notAllowed) {
            try await guardrail.check("https://\(host)/hook")
        }
    }

    @Test(arguments: allowed)
    func publicAddressesPass(_ address: String) async throws {
        // Only checked, never called.
        let host = address.contains(":") ? "[\(address)]" : address
        let target = try await WebhookAddressGuard(allowPrivate: false).check("https://\(host)/hook")
        #expect(target.isLiteral)
    }

    @Test func aNameIsRefusedWhenAnyOfItsAddressesIsNotPublic() async throws {
        let guardrail = WebhookAddressGuard(allowPrivate: false) { _, port in
            [try! SocketAddress(ipAddress: "8.8.8.8", port: port), try! SocketAddress(ipAddress: "::ffff:192.168.0.1", port: port)]
        }
        await #expect(throws: WebhookAddressGuard.notAllowed) { try await guardrail.check("https://hooks.example.com/x") }
        let unresolved = WebhookAddressGuard(allowPrivate: false) { _, _ in [] }
        // A name that does not resolve gets the same answer as one that points inside.
        await #expect(throws: WebhookAddressGuard.notAllowed) { try await unresolved.check("https://nowhere.example.com/x") }
    }

    @Test func theRefusalAtSubmitDoesNotEchoTheAddress() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let r = try await client.postJSON(
                "/ideogram/v1/ideogram-v3/generate", key: t.key, json: #"{"prompt":"x","webhook_url":"http://[64:ff9b::a9fe:a9fe]/latest"}"#)
            #expect(r.status == .badRequest && r.errorCode == "webhook_url_not_allowed")
            #expect(!r.text.contains("169.254") && !r.text.contains("a9fe"))
            #expect(try await t.balance() == 10_000_000)
        }
    }

    /// The receiver's name resolves only through the guard's resolver (`.invalid` never resolves
    /// in DNS), so a delivery that arrives proves the client connected to the address the guard
    /// checked instead of looking the name up again.
    @Test func theDeliveryGoesToTheAddressTheGuardChecked() async throws {
        let inbox = HostInbox()
        try await HostReceiver.with(inbox, status: .ok) { port in
            let lookups = Counter()
            let guardrail = WebhookAddressGuard(allowPrivate: true) { host, port in
                await lookups.add()
                return host == "hooks.example.invalid" ? [try! SocketAddress(ipAddress: "127.0.0.1", port: port)] : []
            }
            let t = try await TestGateway.make()
            let sender = WebhookSender(store: t.gateway.store, guardrail: guardrail, keys: t.gateway.webhookKeys, backoff: [], logger: t.gateway.logger)
            await sender.deliver(taskID: "task_pin", accountID: t.accountID, url: "http://hooks.example.invalid:\(port)/hook", body: ByteBuffer(string: "{}"))
            #expect(await inbox.hosts == ["hooks.example.invalid:\(port)"])
            #expect(await lookups.value == 1)
            let log = try await t.gateway.store.webhookDeliveries(taskID: "task_pin")
            #expect(log.map(\.httpStatus) == [200] && log.map(\.error) == [nil])
            try await t.test { _ in }
        }
    }

    @Test func theDeliveryLogNamesOnlyAClassOfFailure() async throws {
        let t = try await TestGateway.make()
        let closedPort = try Self.closedPort()
        let loopback = WebhookAddressGuard(allowPrivate: true)
        let sender = WebhookSender(store: t.gateway.store, guardrail: loopback, keys: t.gateway.webhookKeys, backoff: [], logger: t.gateway.logger, connectTimeout: .seconds(2))
        await sender.deliver(taskID: "task_refused", accountID: t.accountID, url: "http://127.0.0.1:\(closedPort)/hook", body: ByteBuffer(string: "{}"))
        let refused = try await t.gateway.store.webhookDeliveries(taskID: "task_refused")
        #expect(refused.map(\.error) == ["no_response"] && refused.map(\.httpStatus) == [nil])

        // A name that now points inside is refused at delivery as well, without the address.
        let rebound = WebhookAddressGuard(allowPrivate: false) { _, port in [try! SocketAddress(ipAddress: "10.9.8.7", port: port)] }
        let strict = WebhookSender(store: t.gateway.store, guardrail: rebound, keys: t.gateway.webhookKeys, backoff: [], logger: t.gateway.logger)
        await strict.deliver(taskID: "task_inside", accountID: t.accountID, url: "https://hooks.example.com/x", body: ByteBuffer(string: "{}"))
        let inside = try await t.gateway.store.webhookDeliveries(taskID: "task_inside")
        #expect(inside.map(\.error) == ["webhook_url_not_allowed"])

        // A receiver that answers gets its status logged, and nothing else.
        try await HostReceiver.with(HostInbox(), status: .internalServerError) { port in
            await sender.deliver(taskID: "task_500", accountID: t.accountID, url: "http://127.0.0.1:\(port)/hook", body: ByteBuffer(string: "{}"))
        }
        let failed = try await t.gateway.store.webhookDeliveries(taskID: "task_500")
        #expect(failed.map(\.httpStatus) == [500] && failed.map(\.error) == [nil])
        try await t.test { _ in }
    }

    /// A port nothing listens on: bound, read, and closed again.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        try #require(bound == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

actor Counter {
    private(set) var value = 0
    func add() { value += 1 }
}

/// Records the Host header of each webhook it receives.
actor HostInbox {
    private(set) var hosts: [String] = []
    func receive(_ host: String) { hosts.append(host) }
}

enum HostReceiver {
    static func with(_ inbox: HostInbox, status: HTTPResponse.Status, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            _ = try await request.body.collect(upTo: 1 << 20)
            await inbox.receive(request.head.authority ?? "")
            return Response(status: status)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(client.port!)
        }
    }
}
