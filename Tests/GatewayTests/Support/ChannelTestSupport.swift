import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A gateway whose sandbox is switched off and whose channels point at fake Ideogram servers.
struct ChannelRig {
    let t: TestGateway
    let fakes: [FakeIdeogram]
    static let price: Int64 = 30_000  // V3 TURBO, per image

    struct Spec {
        var name: String
        var priority = 0
        var maxInflight = 10
        var rehost: UpstreamChannel.RehostMode = .rehost
        var allowedHosts = ["127.0.0.1"]
        var totalTimeoutMillis: Int64 = 4_000
        var readTimeoutMillis: Int64 = 3_000
    }

    static func make(
        _ specs: [Spec], fakeLatency: Duration = .milliseconds(20), fakeLimit: Int = 10, credit: Int64 = 100_000_000,
        images: TestImageStore = .disk, configure: (inout GatewayConfig) -> Void = { _ in }
    ) async throws -> ChannelRig {
        let t = try await TestGateway.make(credit: credit, images: images) { config in
            config.routing.totalDeadline = .seconds(20)
            config.routing.breaker.cooldown = .seconds(30)
            configure(&config)
        }
        let service = ChannelService(store: t.gateway.store, cipher: t.gateway.cipher)
        _ = try await service.setEnabled("sandbox", false)
        var fakes: [FakeIdeogram] = []
        for spec in specs {
            let fake = try await FakeIdeogram.start(inflightLimit: fakeLimit, latency: fakeLatency)
            var changes = ChannelService.Changes()
            changes.name = spec.name
            changes.kind = .ideogram
            changes.baseURL = fake.baseURL
            changes.apiKey = fake.apiKey
            changes.priority = spec.priority
            changes.maxInflightImages = spec.maxInflight
            changes.rehost = spec.rehost
            changes.allowedImageHosts = spec.allowedHosts
            changes.connectTimeoutMillis = 1_000
            changes.readTimeoutMillis = spec.readTimeoutMillis
            changes.totalTimeoutMillis = spec.totalTimeoutMillis
            _ = try await service.add(changes)
            fakes.append(fake)
        }
        try await t.gateway.channels?.reload()
        return ChannelRig(t: t, fakes: fakes)
    }

    /// Runs the test against the gateway, then stops the fakes and the gateway's HTTP clients, and
    /// checks that the books balance: no open hold, charges = delivered images × price.
    func run(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        do {
            try await t.application.test(.router, body)
        } catch {
            await stop()
            throw error
        }
        let findings = try await t.gateway.store.audit(horizon: Int64(Date().timeIntervalSince1970 * 1000) + 1)
        #expect(findings.isEmpty, "\(findings)")
        let usage = try await t.gateway.store.usage(accountID: nil, limit: 10_000, offset: 0)
        for record in usage {
            #expect(record.chargedMicros == Int64(record.imagesDelivered) * record.unitPriceMicros, "\(record)")
        }
        await stop()
    }

    func stop() async {
        for fake in fakes { await fake.stop() }
        await t.gateway.shutdown()
        try? FileManager.default.removeItem(atPath: t.directory)
    }

    func channel(_ name: String) async throws -> UpstreamChannel? {
        try await t.gateway.store.channels().first { $0.name == name }
    }
}

extension TestClientProtocol {
    /// A V3 TURBO generate for `images` images; returns the response.
    func generateTurbo(key: String, images: Int, prompt: String = "a lighthouse") async throws -> TestResponse {
        try await postJSON(
            "/ideogram/v1/ideogram-v3/generate", key: key,
            json: #"{"prompt":"\#(prompt)","rendering_speed":"TURBO","num_images":\#(images)}"#)
    }

    func metricsText() async throws -> String {
        String(buffer: try await execute(uri: "/metrics", method: .get).body)
    }
}

extension TestResponse {
    var chargedMicrosHeader: Int64 { Int64(headers[HTTPField.Name("X-Ideogate-Charged-Micros")!] ?? "") ?? -1 }
    var imageURLs: [String] { (json["data"] as? [[String: Any]])?.compactMap { $0["url"] as? String } ?? [] }
}

/// Collects values from concurrent tasks.
actor Collected<T: Sendable> {
    private(set) var all: [T] = []
    func add(_ value: T) { all.append(value) }
}
