import ArgumentParser
import Foundation
import Gateway
import GatewayPostgres
import GatewaySQLite
import Logging

/// `ideogate migrate --to postgres://…`: moves an embedded install (the SQLite database in
/// `--data-dir`, its images on disk) into a new PostgreSQL database and, with `--image-store`,
/// its images into that store, then proves the copy (DESIGN.md §8).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy this embedded install into a new PostgreSQL database (and its images into --image-store), then verify it.",
        discussion: """
            Stop the server first: a source with requests in flight (open holds) is refused, and so is a target \
            that already has accounts. The copy is verified: every table's row count, every balance, and a clean \
            audit on the target. Give the new nodes this install's channel key (IDEOGATE_CHANNEL_KEY=$(cat \
            DATA_DIR/channel-keys.secret)) so they can read its upstream keys.
            """)

    @Option(name: .customLong("to"), help: "The target database: postgres://USER:PASSWORD@HOST:PORT/DB, new and empty.")
    var target: String

    @Option(name: .customLong("data-dir"), help: "The embedded install to copy. Env: IDEOGATE_DATA_DIR.")
    var dataDir: String = Environment.value("IDEOGATE_DATA_DIR") ?? "./data"

    @OptionGroup var images: ImageStoreOptions

    func validate() throws {
        guard PostgresURL.isPostgres(target) else { throw ValidationError("--to must be a postgres:// or postgresql:// URL") }
        guard FileManager.default.fileExists(atPath: dataDir + "/ideogate.sqlite") else {
            throw ValidationError("no embedded install in \(dataDir) (ideogate.sqlite is missing)")
        }
    }

    func run() async throws {
        var config = GatewayConfig()
        config.dataDirectory = dataDir
        let logger: Logger = {
            var logger = Logger(label: "ideogate-migrate")
            logger.logLevel = .warning
            return logger
        }()
        let source = try SQLiteStore.open(config)
        let destination = try await Ideogate.openStore(config, store: { try await PostgresStore.open(url: target, config: $0, logger: logger) })
        guard let transfer = destination as? any TransferTarget & LedgerStore & AccountStore else {
            throw ValidationFailure(description: "the target backend cannot receive a migration")
        }
        var imageTarget: (any ImageStore)?
        if images.imageStore != "disk" { imageTarget = try await images.opener()(config) }
        let migration = InstallMigration(
            source: source, target: transfer,
            images: imageTarget.map { (from: try! DiskImageStore(root: config.imagesDirectory), to: $0) })
        do {
            let report = try await migration.run { print($0) }
            print("migrated \(report.accounts) accounts; \(report.rows.values.reduce(0, +)) rows in \(report.rows.count) tables; verified: row counts, balances, audit")
            if imageTarget == nil { print("images stay in \(config.imagesDirectory); copy them with --image-store to share them between nodes") }
            if report.missingImages > 0 { print("note: \(report.missingImages) images listed in the database were not on disk (deleted by retention?)") }
        } catch let failure as InstallMigration.Failure {
            await imageTarget?.shutdown()
            try await destination.close()
            try await source.close()
            throw ValidationFailure(description: failure.description)
        }
        await imageTarget?.shutdown()
        try await destination.close()
        try await source.close()
    }
}
