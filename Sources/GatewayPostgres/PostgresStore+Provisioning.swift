import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    public struct InvalidDatabaseName: Error, CustomStringConvertible {
        public var description: String { "a database name is lower-case letters, digits and underscores, starting with a letter" }
    }

    /// Creates an empty database on the server `serverURL` points at (through the database it
    /// names, which must exist): for a fresh install scripted end to end, and for the tests,
    /// which give every test a database of its own.
    public static func createDatabase(serverURL: String, name: String, logger: Logger) async throws {
        // Identifiers cannot be bound as parameters, so the name is checked instead.
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.count <= 63,
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else { throw InvalidDatabaseName() }
        let address = try PostgresURL(serverURL)
        let client = PostgresClient(
            configuration: address.clientConfiguration(applicationName: "ideogate-provisioning", maximumConnections: 1),
            backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            _ = try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\"")).collect()
        }
    }
}
