import Foundation
import Gateway
import GatewaySQLite
import Testing

/// A path that was relayed and becomes first-class in a release keeps what the operator said
/// about it: keys scoped to its relayed name may still call it, and a per-call price the operator
/// set for a tool stays its price.
@Suite struct PromotedPathTests {
    @Test func aKeyScopedToTheRelayedNameStillCallsTheFirstClassRoute() async throws {
        let t = try await TestGateway.make()
        let service = AccountService(store: t.gateway.store)
        let relayed = try await service.createKey(
            accountID: t.accountID, label: "relayed", scope: KeyScope(operations: ["relay:/v1/remove-background"]))
        let other = try await service.createKey(
            accountID: t.accountID, label: "other", scope: KeyScope(operations: ["relay:/v1/remove-object"]))
        try await t.test { client in
            var form = MultipartForm()
            form.addFile("image", bytes: ToolTests.productShot())
            let body = form.finished
            let allowed = try await client.postForm("/v1/remove-background", key: relayed.secret, form: body)
            #expect(allowed.status == .ok && allowed.chargedMicrosHeader == 10_000)
            // The relayed name of another path grants nothing here.
            let refused = try await client.postForm("/v1/remove-background", key: other.secret, form: body)
            #expect(refused.status == .forbidden && refused.errorCode == "operation_not_allowed")
        }
        #expect(try await t.balance() == 10_000_000 - 10_000)
    }

    @Test func theOperatorsRelayPriceForAToolCarriesOverOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("promoted-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // An install that priced the relayed path before the tool was modelled: the operator's
        // relay price in place, no row of the tool's own yet (the defaults are seeded at start).
        let store = try SQLiteStore(path: directory + "/ideogate.sqlite")
        try await store.setPrice(PriceEntry(operation: "relay:/v1/remove-background", variant: "*", micros: 25_000, updatedAt: 1))
        try await PriceBook(store: store).seedDefaults()
        #expect(try await store.prices().first { $0.operation == "tools.remove-background" }?.micros == 25_000)

        // Once the tool has its own price, the operator's later changes to it are kept.
        try await store.setPrice(PriceEntry(operation: "tools.remove-background", variant: "*", micros: 12_000, updatedAt: 2))
        try await PriceBook(store: store).seedDefaults()
        #expect(try await store.prices().first { $0.operation == "tools.remove-background" }?.micros == 12_000)

        // A tool never priced as a relayed path starts from the list.
        #expect(try await store.prices().first { $0.operation == "tools.layerize-text" }?.micros == 90_000)
        try await store.close()
    }
}
