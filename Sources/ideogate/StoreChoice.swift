import Gateway
import GatewayPostgres
import GatewaySQLite
import Logging

/// The one place the backend is chosen: a `postgres://` (or `postgresql://`) URL keeps
/// everything in that PostgreSQL database, shared by every node given the same URL; no URL
/// keeps it in SQLite in the data directory. The data directory holds the secrets and the
/// local images either way.
enum StoreChoice {
    static func opener(database: String?, logger: Logger) -> StoreOpener {
        guard let database else { return { try SQLiteStore.open($0) } }
        return { config in try await PostgresStore.open(url: database, config: config, logger: logger) }
    }
}

extension DataOptions {
    func storeOpener(logger: Logger = Logger(label: "ideogate")) -> StoreOpener {
        StoreChoice.opener(database: databaseURL, logger: logger)
    }
}
