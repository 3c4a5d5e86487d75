import Foundation
import Gateway
import GatewayPostgres
import Logging
import Testing

/// `--database` as operators write it, and what a bad one reports. Needs no server.
@Suite("PostgreSQL URL")
struct PostgresURLTests {
    @Test func readsEveryPartWithDefaults() throws {
        let full = try PostgresURL("postgresql://gate%40way:p%2Fss@db.example:6543/ideo%20gate?sslmode=require")
        #expect(full.username == "gate@way" && full.password == "p/ss" && full.host == "db.example" && full.port == 6543)
        #expect(full.database == "ideo gate" && full.sslMode == "require")
        let bare = try PostgresURL("postgres://db.example")
        #expect(bare.port == 5432 && bare.username == "postgres" && bare.password == nil && bare.database == "postgres" && bare.sslMode == "prefer")
        // Back to text and in again, on another database.
        #expect(try PostgresURL(full.with(database: "other").text) == full.with(database: "other"))
    }

    @Test func refusesWhatIsNotAPostgresURL() {
        for text in ["mysql://db.example/x", "postgres:///x", "/var/lib/ideogate.sqlite", "postgres://db.example/x?sslmode=sometimes"] {
            #expect(throws: PostgresURL.Invalid.self) { try PostgresURL(text) }
        }
        #expect(PostgresURL.isPostgres("postgresql://h/d") && !PostgresURL.isPostgres("sqlite:x"))
    }

    @Test func anUnreachableServerFailsAtOnceWithoutThePassword() async throws {
        var config = GatewayConfig()
        config.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-url-\(UUID().uuidString)").path
        let start = ContinuousClock.now
        let error = await #expect(throws: PostgresStore.Unreachable.self) {
            try await PostgresStore.open(url: "postgres://gate:hunter2@127.0.0.1:1/ideogate", config: config, logger: Logger(label: "url-test"))
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        let text = try #require(error).description
        #expect(text.contains("127.0.0.1:1") && text.contains("ideogate") && !text.contains("hunter2"))
    }
}
