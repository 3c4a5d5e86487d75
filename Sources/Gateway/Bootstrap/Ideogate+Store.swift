import Foundation

extension Ideogate {
    /// The store alone, migrated and with the price list seeded, for the command line's admin
    /// verbs. Unlike `open`, it does not sweep open holds: the server may be running beside the
    /// verb, and its open holds are requests in flight, not a crash's leftovers.
    public static func openStore(_ config: GatewayConfig) async throws -> any GatewayStore {
        try DataDirectory.prepare(config)
        let store = try SQLiteStore(path: config.databasePath)
        try await PriceBook(store: store).seedDefaults()
        return store
    }
}
