import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// The whole gateway on each backend: a paid request through the router, the way `ideogate
/// serve --database …` runs it, so the composition (catalogue cache, pipeline, ledger, usage
/// log, images) is proven on PostgreSQL too, not only its stores one by one.
@Suite("Gateway on every backend")
struct GatewayOnEveryBackendTests {
    @Test(arguments: StoreBackend.all)
    func aPaidGenerateIsChargedLoggedAndStored(_ backend: StoreBackend) async throws {
        var config = GatewayConfig()
        config.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-e2e-\(UUID().uuidString)").path
        config.port = 0
        var logger = Logger(label: "e2e")
        logger.logLevel = .warning
        let gateway = try await Ideogate.open(config, store: { _ in try await backend.open() }, logger: logger)
        let accounts = AccountService(store: gateway.store)
        let account = try await accounts.createAccount(name: "e2e")
        _ = try await accounts.adjustBalance(accountID: account.id, amount: 1_000_000, kind: .credit, memo: "e2e credit")
        let key = try await accounts.createKey(accountID: account.id, label: "e2e")
        let unit = try #require(try await gateway.store.prices().first { $0.operation == "v3.generate" && $0.variant == "TURBO" }).micros

        do {
            try await gateway.makeApplication().test(.router) { client in
                let response = try await client.execute(
                    uri: "/ideogram/v1/ideogram-v3/generate", method: .post,
                    headers: [.contentType: "application/json", HTTPField.Name("Api-Key")!: key.secret],
                    body: ByteBuffer(string: #"{"prompt":"a lighthouse at dusk","num_images":2,"rendering_speed":"TURBO"}"#))
                #expect(response.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect((json?["data"] as? [[String: Any]])?.count == 2)
            }
        } catch {
            await gateway.shutdown()
            throw error
        }
        await gateway.shutdown()

        #expect(try await gateway.store.account(id: account.id)?.balanceMicros == 1_000_000 - 2 * unit)
        let usage = try await gateway.store.usage(accountID: account.id, limit: 10, offset: 0)
        #expect(usage.count == 1)
        let row = try #require(usage.first)
        #expect(row.status == 200 && row.imagesDelivered == 2 && row.chargedMicros == 2 * unit && row.keyID == key.record.id)
        #expect(try await gateway.store.imageIDs(requestID: row.requestID, accountID: account.id).count == 2)
        let kinds = try await gateway.store.ledgerEntries(accountID: account.id, limit: 10, offset: 0).map(\.kind)
        #expect(kinds == [.settle, .hold, .credit])
        #expect(try await gateway.store.audit(horizon: .max) == [])
    }
}
