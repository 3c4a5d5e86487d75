import ArgumentParser
import Foundation
import Gateway

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
            Every verb takes --data-dir. 'ideogate help <verb>' explains each one.
            """,
        subcommands: [
            Serve.self, AccountCommand.self, KeyCommand.self, Audit.self,
            // Operator verbs: codes, prices and tiers, usage, settings.
            CodeCommand.self, PriceCommand.self, TierCommand.self, UsageCommand.self, SettingsCommand.self,
            AdminTokenCommand.self,
            // Upstream channels.
            ChannelCommand.self,
            // Webhook signing keys and the relayed paths' spec.
            WebhookKeyCommand.self, SpecCommand.self,
        ],
        defaultSubcommand: Serve.self)
}

/// Options every verb shares: where the data lives.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Directory for the database, images and secrets. Env: IDEOGATE_DATA_DIR.")
    var dataDir: String = Environment.value("IDEOGATE_DATA_DIR") ?? "./data"

    func config() -> GatewayConfig {
        var config = GatewayConfig()
        config.dataDirectory = dataDir
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
