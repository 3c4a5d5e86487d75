import Foundation
@testable import Gateway
import GatewaySQLite
import HummingbirdTesting
import NIOCore
import Testing

/// `ideogate migrate`: an install with real history (paid generations, a refund, a task) copied
/// to another store, with the same books, the same rows and every image readable there.
@Suite("Install migration")
struct InstallMigrationTests {
    @Test func anInstallIsCopiedWithItsBooksRowsAndImages() async throws {
        let t = try await TestGateway.make(credit: 2_000_000)
        try await t.test { client in
            for n in [1, 2] {
                let response = try await client.postJSON(
                    "/ideogram/v1/ideogram-v3/generate", key: t.key,
                    json: #"{"prompt":"a lighthouse","rendering_speed":"TURBO","num_images":\#(n)}"#)
                #expect(response.status == .ok)
            }
        }
        let before = try await t.balance()
        #expect(before == 2_000_000 - 3 * 30_000)

        let targetDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-test-\(UUID().uuidString)").path
        var targetConfig = GatewayConfig()
        targetConfig.dataDirectory = targetDirectory
        let target = try await Ideogate.openStore(targetConfig) as! SQLiteStore
        let targetImages = try DiskImageStore(root: targetDirectory + "/images")
        let migration = InstallMigration(
            source: t.gateway.store as! SQLiteStore, target: target,
            images: (from: t.gateway.images, to: targetImages))
        let report = try await migration.run()

        #expect(report.images == 3 && report.missingImages == 0)
        #expect(report.rows["usage"] == 2 && report.rows["images"] == 3)
        #expect(try await target.account(id: t.accountID)?.balanceMicros == before)
        #expect(try await target.ledgerEntries(accountID: t.accountID, limit: 100, offset: 0)
            == t.gateway.store.ledgerEntries(accountID: t.accountID, limit: 100, offset: 0))
        #expect(try await target.usage(accountID: t.accountID, limit: 10, offset: 0).map(\.requestID).sorted()
            == t.gateway.store.usage(accountID: t.accountID, limit: 10, offset: 0).map(\.requestID).sorted())
        // The copied keys still authenticate: their hashes came across.
        let keys = try await t.gateway.store.keys(accountID: t.accountID)
        #expect(try await target.keys(accountID: t.accountID) == keys)
        for usage in try await target.usage(accountID: t.accountID, limit: 10, offset: 0) {
            for id in try await target.imageIDs(requestID: usage.requestID, accountID: t.accountID) {
                let copied = try #require(try await targetImages.get(id: id))
                #expect(copied == (try await t.gateway.images.get(id: id)))
            }
        }
        // A second run refuses: the target is in use now.
        await #expect(throws: InstallMigration.Failure.self) { _ = try await migration.run() }
        try await target.close()
    }

    @Test func aSourceWithRequestsInFlightIsRefused() async throws {
        let t = try await TestGateway.make(credit: 1_000_000)
        _ = try await t.gateway.store.hold(HoldRequest(requestID: "in-flight", accountID: t.accountID, amount: 10, at: 1))
        var config = GatewayConfig()
        config.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-test-\(UUID().uuidString)").path
        let target = try await Ideogate.openStore(config) as! SQLiteStore
        let migration = InstallMigration(source: t.gateway.store as! SQLiteStore, target: target, images: nil)
        await #expect(throws: InstallMigration.Failure.self) { _ = try await migration.run() }
        #expect(try await target.accounts().isEmpty)
        try await target.close()
    }
}
