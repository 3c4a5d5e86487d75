import ArgumentParser
import Foundation
import Gateway

@main
struct IdeogateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ideogate",
        abstract: "A self-hosted gateway that sells Ideogram image generation with your own keys, balances and prices.",
        subcommands: [Serve.self, AccountCommand.self, KeyCommand.self, Audit.self],
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
