import Foundation
import Gateway
import GatewaySQLite
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// `ideogate migrate --to …` on every backend: an embedded install with real history (paid
/// generations, an operator credit, a second key) copied into a new store of each backend,
/// with the same books, the same rows and every image in the new image store.
@Suite("Install migration to every backend")
struct InstallMigrationContractTests {
    @Test(arguments: StoreBackend.all)
    func anEmbeddedInstallMovesWithItsBooks(_ backend: StoreBackend) async throws {
        var config = GatewayConfig()
        config.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-migrate-\(UUID().uuidString)").path
        var logger = Logger(label: "migrate")
        logger.logLevel = .warning
        let gateway = try await Ideogate.open(config, store: { try SQLiteStore.open($0) }, logger: logger)
        let accounts = AccountService(store: gateway.store)
        let account = try await accounts.createAccount(name: "moving")
        _ = try await accounts.adjustBalance(accountID: account.id, amount: 2_000_000, kind: .credit, memo: "opening")
        let key = try await accounts.createKey(accountID: account.id, label: "main")
        _ = try await accounts.createKey(accountID: account.id, label: "spare")
        try await gateway.makeApplication().test(.router) { client in
            for n in [1, 3] {
                let response = try await client.execute(
                    uri: "/ideogram/v1/ideogram-v3/generate", method: .post,
                    headers: [.contentType: "application/json", HTTPField.Name("Api-Key")!: key.secret],
                    body: ByteBuffer(string: #"{"prompt":"moving day","num_images":\#(n),"rendering_speed":"TURBO"}"#))
                #expect(response.status == .ok)
            }
        }
        await gateway.shutdown()
        let source = gateway.store as! SQLiteStore

        let target = try await backend.open()
        let transfer = try #require(target as? any TransferTarget & LedgerStore & AccountStore)
        let images = try DiskImageStore(root: config.dataDirectory + "/moved-images")
        let report = try await InstallMigration(
            source: source, target: transfer, images: (from: DiskImageStore(root: config.imagesDirectory), to: images)
        ).run()

        #expect(report.images == 4 && report.missingImages == 0 && report.accounts == 1)
        #expect(try await target.account(id: account.id) == source.account(id: account.id))
        #expect(try await target.keys(accountID: account.id) == source.keys(accountID: account.id))
        #expect(try await target.ledgerEntries(accountID: account.id, limit: 100, offset: 0)
            == source.ledgerEntries(accountID: account.id, limit: 100, offset: 0))
        let usage = try await source.usage(accountID: account.id, limit: 100, offset: 0)
        #expect(try await target.usage(accountID: account.id, limit: 100, offset: 0) == usage)
        #expect(try await target.prices() == source.prices())
        #expect(try await target.channels().map(\.id) == source.channels().map(\.id))
        for row in usage {
            for id in try await target.imageIDs(requestID: row.requestID, accountID: account.id) {
                #expect(try await images.get(id: id) != nil)
            }
        }
        // The copy goes on working: a hold on the target continues the copied ledger's ids.
        #expect(try await target.hold(HoldRequest(requestID: "after-move", accountID: account.id, amount: 1_000, at: 5)) != .noSuchAccount)
        #expect(try await target.settle(requestID: "after-move", charge: 1_000, at: 6) == .settled(chargedMicros: 1_000))
        #expect(try await target.audit(horizon: .max) == [])
        try await target.close()
        try await source.close()
    }
}
