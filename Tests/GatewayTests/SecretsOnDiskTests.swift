import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import Gateway

/// Secrets at rest: the data directory and every file holding a secret are private to the
/// gateway's user, and the admin token can be replaced.
@Suite struct SecretsOnDiskTests {
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    @Test func theDataDirectoryAndItsSecretFilesAreOwnerOnly() async throws {
        let t = try await TestGateway.make()
        let config = t.gateway.config
        // The gateway is open, so SQLite's WAL and shared-memory files exist now.
        for file in config.secretFiles {
            #expect(Self.mode(file) == 0o600, "\(file)")
        }
        #expect(Self.mode(config.dataDirectory) == 0o700)
        try await t.test { _ in }
    }

    @Test func looserPermissionsAreTightenedWhenTheDataIsOpened() async throws {
        let t = try await TestGateway.make()
        var config = t.gateway.config
        await t.gateway.shutdown()
        // What a copy or an older version leaves: everything readable by other users.
        #expect(chmod(config.dataDirectory, 0o755) == 0)
        for file in config.secretFiles where Self.mode(file) != nil {
            #expect(chmod(file, 0o644) == 0)
        }
        config.port = 0
        let reopened = try await Ideogate.open(config, logger: t.gateway.logger)
        #expect(Self.mode(config.dataDirectory) == 0o700)
        for file in config.secretFiles where Self.mode(file) != nil {
            #expect(Self.mode(file) == 0o600, "\(file)")
        }
        await reopened.shutdown()

        // The command line opens the store on its own path, with the same rule.
        #expect(chmod(config.dataDirectory, 0o755) == 0)
        #expect(chmod(config.databasePath, 0o644) == 0)
        _ = try await Ideogate.openStore(config)
        #expect(Self.mode(config.dataDirectory) == 0o700)
        #expect(Self.mode(config.databasePath) == 0o600)
        try? FileManager.default.removeItem(atPath: config.dataDirectory)
    }

    @Test func rotatingTheAdminTokenRetiresTheOldOneAndItsConsoleSessions() async throws {
        let t = try await TestGateway.make()
        let old = try await t.installAdminToken()
        try await t.test { client in
            // An operator console session opened with the old token.
            let operatorBrowser = try await Browser.start(client)
            let signedIn = try await operatorBrowser.post("/console/admin/signin", form: "token=\(old)&_csrf=\(operatorBrowser.preToken)")
            #expect(signedIn.status == .seeOther)
            #expect(try await operatorBrowser.get("/console/admin").status == .ok)

            #expect(try await client.admin(.post, "/admin/v1/admin-token/rotate", token: "adm-wrong").status == .unauthorized)
            let rotated = try await client.admin(.post, "/admin/v1/admin-token/rotate", token: old)
            #expect(rotated.status == .ok)
            #expect(rotated.headers[.cacheControl] == "no-store")
            let new = try #require(rotated.json["admin_token"] as? String)
            #expect(new.hasPrefix("adm-") && new != old)

            let refused = try await client.admin(.get, "/admin/v1/settings", token: old)
            #expect(refused.status == .unauthorized && refused.errorCode == "invalid_admin_token")
            #expect(try await client.admin(.get, "/admin/v1/settings", token: new).status == .ok)
            // The session the old token opened is over; the old token cannot open a new one.
            let page = try await operatorBrowser.get("/console/admin")
            #expect(page.status == .seeOther && page.headers[.location] == "/console/admin/signin")
            let again = try await operatorBrowser.post("/console/admin/signin", form: "token=\(old)&_csrf=\(operatorBrowser.preToken)")
            #expect(again.status == .unauthorized)
            // Only the hash is kept.
            let stored = try await t.gateway.store.setting("admin_token_hash")
            #expect(stored == KeySecret.hash(new) && stored?.contains(new) == false)
        }
    }

    @Test func theCommandLineRotatesTheTokenOfARunningInstall() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-rotate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var config = GatewayConfig()
        config.dataDirectory = directory
        config.port = 0
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let gateway = try await Ideogate.open(config, logger: logger)
        let first = try #require(try await gateway.bootstrapIfNeeded())
        try await gateway.makeApplication().test(.router) { client in
            #expect(try await client.admin(.get, "/admin/v1/settings", token: first.adminToken).status == .ok)
            let rotated = try ServerProcess.run(["admin-token", "rotate", "--data-dir", directory])
            #expect(rotated.status == 0, "\(rotated.output)")
            let token = rotated.output
            #expect(token.hasPrefix("adm-") && token.count == 44)
            // The running server reads the hash per request: the change applies at once.
            #expect(try await client.admin(.get, "/admin/v1/settings", token: first.adminToken).status == .unauthorized)
            #expect(try await client.admin(.get, "/admin/v1/settings", token: token).status == .ok)
        }
        await gateway.shutdown()
    }
}
