import Foundation
import Gateway
import GatewayPostgres
import Logging

/// The PostgreSQL server the tests run against, if any: `IDEOGATE_TEST_POSTGRES_URL` (set by
/// scripts/test, which starts a throwaway server with scripts/postgres).
enum PostgresTestServer {
    static var url: String? {
        guard let url = ProcessInfo.processInfo.environment["IDEOGATE_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }

    static var required: Bool { ProcessInfo.processInfo.environment["IDEOGATE_REQUIRE_POSTGRES"] == "1" }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "IDEOGATE_REQUIRE_POSTGRES=1 but IDEOGATE_TEST_POSTGRES_URL is not set: start a server with scripts/postgres start"
        }
    }

    static var backends: [StoreBackend] {
        if url != nil {
            return [StoreBackend(name: "PostgreSQL") { count in
                let database = try await freshDatabase()
                var stores: [any GatewayStore] = []
                for _ in 0..<count { stores.append(try await open(database)) }
                return stores
            }]
        }
        // CI sets the requirement, so a missing server fails every test rather than passing on
        // SQLite alone.
        return required ? [StoreBackend(name: "PostgreSQL (missing)") { _ in throw Missing() }] : []
    }

    static var logger: Logger {
        var logger = Logger(label: "contract-postgres")
        logger.logLevel = .warning
        return logger
    }

    /// A new, empty database on the test server, for one test alone. It goes when the
    /// throwaway server is stopped (its stores are never closed, so it cannot be dropped sooner).
    static func freshDatabase() async throws -> String {
        guard let url else { throw Missing() }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await PostgresStore.createDatabase(serverURL: url, name: name, logger: logger)
        return try PostgresURL(url).with(database: name).text
    }

    /// A store on `url`, with a small pool: many tests run at once, each with its own stores.
    static func open(_ url: String) async throws -> PostgresStore {
        var config = GatewayConfig()
        config.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-contract-\(UUID().uuidString)").path
        return try await PostgresStore.open(url: url, config: config, logger: logger, maximumConnections: 6)
    }
}
