import Foundation
import Gateway
import GatewayPostgres
import Testing

/// What only the PostgreSQL backend has: a LISTEN connection that must survive the database
/// dropping it (a restart, a failover, an operator ending sessions).
@Suite("PostgreSQL catalogue listener")
struct PostgresListenerTests {
    /// The test server, or a marker that fails the test when one is required and missing.
    static let servers: [String] = PostgresTestServer.url.map { [$0] } ?? (PostgresTestServer.required ? ["missing"] : [])

    @Test(arguments: servers)
    func theListenerReconnectsAndHearsChangesAgain(_ server: String) async throws {
        guard server != "missing" else { throw PostgresTestServer.Missing() }
        let database = try await PostgresTestServer.freshDatabase()
        let node = try await PostgresTestServer.open(database)
        let other = try await PostgresTestServer.open(database)
        let seen = ChangeLog()
        let watcher = Task { for await change in node.catalogChanges() { await seen.append(change) } }
        defer { watcher.cancel() }
        try await Task.sleep(for: .milliseconds(600))

        // End every session on the database, the listener's among them.
        var start = await seen.count
        try psql(database, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        // Notices sent while it was away are lost, so reconnecting counts as a change itself.
        try await eventually(within: .seconds(3)) { await seen.since(start).contains(.committedElsewhere) }

        try await Task.sleep(for: .milliseconds(300))
        start = await seen.count
        try await other.upsertTier(Tier(name: "gold", multiplierPPM: 900_000))
        try await eventually(within: StoreConceptContractTests.promptly) { await seen.since(start).contains(.committedElsewhere) }
        try await node.close()
        try await other.close()
    }

    /// Runs one statement with the server's own client, as an operator would.
    private func psql(_ url: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-qAtc", sql]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "psql failed")
    }
}
