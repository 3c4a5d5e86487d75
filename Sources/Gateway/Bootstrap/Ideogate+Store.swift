import Foundation

/// Opens the store a gateway keeps everything in. The composition root (the `ideogate`
/// executable, the tests) picks the backend; the engine never names one.
public typealias StoreOpener = @Sendable (GatewayConfig) async throws -> any GatewayStore

extension Ideogate {
    /// The store alone, migrated and with the price list seeded, for the command line's admin
    /// verbs. Unlike `open`, it does not sweep open holds: the server may be running beside the
    /// verb, and its open holds are requests in flight, not a crash's leftovers.
    public static func openStore(_ config: GatewayConfig, store openStore: StoreOpener) async throws -> any GatewayStore {
        try DataDirectory.prepare(config)
        let store = try await openStore(config)
        try await PriceBook(store: store).seedDefaults()
        return store
    }
}
