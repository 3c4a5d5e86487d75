import Foundation
import Gateway
@testable import GatewaySQLite
import Testing

/// Migrations that move data, proved on a database as the older release left it.
@Suite struct SQLiteUpgradeTests {
    @Test func relayedGenerationsMoveOutOfTheSettingsTable() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("upgrade-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/ideogate.sqlite"

        // What the release before v11 kept: owner rows and a completed answer, as settings.
        let old = try SQLiteStore(path: path, schemaUpTo: "v10-console-key-unsealed")
        _ = try await old.settingIfAbsent("relay.generation.gen_one", value: "acct_a\tch_1")
        _ = try await old.settingIfAbsent("relay.generation.gen_two", value: "acct_b")
        _ = try await old.settingIfAbsent("relay.generation-result.gen_one", value: Data("{\"done\":true}".utf8).base64EncodedString())
        _ = try await old.settingIfAbsent("unrelated", value: "stays")
        try await old.close()

        let upgraded = try SQLiteStore(path: path)
        let one = try #require(try await upgraded.relayedGeneration(id: "gen_one"))
        #expect(one.accountID == "acct_a" && one.channelID == "ch_1")
        #expect(one.answer == Array("{\"done\":true}".utf8))
        let two = try #require(try await upgraded.relayedGeneration(id: "gen_two"))
        #expect(two.accountID == "acct_b" && two.channelID == nil && two.answer == nil)
        #expect(try await upgraded.setting("relay.generation.gen_one") == nil)
        #expect(try await upgraded.setting("relay.generation-result.gen_one") == nil)
        #expect(try await upgraded.setting("unrelated") == "stays")
        try await upgraded.close()
    }
}
