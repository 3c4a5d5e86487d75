import ArgumentParser
import Foundation
import Gateway
import GatewayPostgres

@main
struct IdeogateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ideogate",
        abstract: "A self-hosted gateway that sells Ideogram image generation with your own keys, balances and prices.",
        discussion: """
            With no verb, ideogate serves. Serving options, each also an env variable:
              --host               IDEOGATE_HOST              default 127.0.0.1
              --port               IDEOGATE_PORT              default 8080
              --data-dir           IDEOGATE_DATA_DIR          default ./data
              --public-url         IDEOGATE_PUBLIC_URL        default: caller's host
              --image-link-days    IDEOGATE_IMAGE_LINK_DAYS   default 30
              --sandbox-delay-ms   IDEOGATE_SANDBOX_DELAY_MS  default 0
              --max-body-mb        IDEOGATE_MAX_BODY_MB       default 48
              --log-level          IDEOGATE_LOG_LEVEL         default info
              --queue-limit        IDEOGATE_QUEUE_LIMIT       default 512
              --queue-wait-seconds IDEOGATE_QUEUE_WAIT_SECONDS default 60
              --allow-private-webhooks  IDEOGATE_ALLOW_PRIVATE_WEBHOOKS  default off
              --test-key-rpm       IDEOGATE_TEST_KEY_RPM      default 30 (per account)
              --database           IDEOGATE_DATABASE_URL      default: SQLite in the data dir
              --image-store        IDEOGATE_IMAGE_STORE       default disk; or s3://bucket/prefix
              --image-retention-days IDEOGATE_IMAGE_RETENTION_DAYS default 0 (keep forever)
            Every verb takes --data-dir and --database. 'ideogate help <verb>' explains each one.
            """,
        subcommands: [
            Serve.self, AccountCommand.self, KeyCommand.self, Audit.self,
            // Operator verbs: codes, prices and tiers, usage, settings.
            CodeCommand.self, PriceCommand.self, TierCommand.self, UsageCommand.self, SettingsCommand.self,
            AdminTokenCommand.self,
            // Upstream channels.
            ChannelCommand.self,
            // Moving an embedded install to PostgreSQL.
            MigrateCommand.self,
        ],
        defaultSubcommand: Serve.self)
}

/// Options every verb shares: where the data lives.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Directory for the database, images and secrets. Env: IDEOGATE_DATA_DIR.")
    var dataDir: String = Environment.value("IDEOGATE_DATA_DIR") ?? "./data"

    @Option(
        name: .customLong("database"),
        help: "A postgres:// URL to keep the data in PostgreSQL, shared by several nodes; default SQLite in the data dir. Env: IDEOGATE_DATABASE_URL.")
    var database: String?

    /// `--database`, else `IDEOGATE_DATABASE_URL`, else nil (SQLite).
    var databaseURL: String? { database ?? Environment.value("IDEOGATE_DATABASE_URL") }

    func validate() throws {
        if let database = databaseURL, !PostgresURL.isPostgres(database) {
            throw ValidationError("--database must be a postgres:// or postgresql:// URL")
        }
    }

    func config() -> GatewayConfig {
        var config = GatewayConfig()
        config.dataDirectory = dataDir
        config.channelKey = Environment.value("IDEOGATE_CHANNEL_KEY")
        return config
    }
}

enum Environment {
    static func value(_ name: String) -> String? {
        guard let v = ProcessInfo.processInfo.environment[name], !v.isEmpty else { return nil }
        return v
    }
}

struct ValidationFailure: Error, CustomStringConvertible {
    var description: String
}
