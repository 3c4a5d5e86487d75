import ArgumentParser
import Foundation
import Gateway

/// `ideogate channel …`: the upstream accounts behind the gateway. A running server picks up
/// changes within seconds (it re-reads channels periodically).
struct ChannelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel", abstract: "List, add, edit, enable, disable, test and delete upstream channels.",
        subcommands: [List.self, Add.self, Edit.self, Enable.self, Disable.self, Test.self, Delete.self])

    /// Settings shared by add and edit; unset options leave a value as it is.
    struct Settings: ParsableArguments {
        @Option(name: .customLong("base-url"), help: "Ideogram (https://api.ideogram.ai) or a compatible relay.") var baseURL: String?
        @Option(name: .customLong("api-key-env"), help: "Name of an environment variable holding the upstream API key (keeps the key out of shell history).") var apiKeyEnv: String?
        @Flag(name: .customLong("api-key-stdin"), help: "Read the upstream API key from standard input.") var apiKeyStdin = false
        @Option(help: "Higher is preferred.") var priority: Int?
        @Option(help: "Share of traffic among channels of the same priority.") var weight: Int?
        @Option(name: .customLong("max-inflight-images"), help: "Images in progress at once (Ideogram's default limit is 10).") var maxInflightImages: Int?
        @Option(help: "rehost (download and serve our own links) or passthrough.") var rehost: String?
        @Option(name: .customLong("allowed-image-hosts"), help: "Comma-separated hosts images may be downloaded from.") var allowedImageHosts: String?
        @Option(name: .customLong("connect-timeout-ms")) var connectTimeoutMs: Int64?
        @Option(name: .customLong("read-timeout-ms")) var readTimeoutMs: Int64?
        @Option(name: .customLong("total-timeout-ms")) var totalTimeoutMs: Int64?

        func changes() throws -> ChannelService.Changes {
            var c = ChannelService.Changes()
            c.baseURL = baseURL
            if let apiKeyEnv {
                guard let key = Environment.value(apiKeyEnv) else { throw ValidationError("environment variable \(apiKeyEnv) is empty") }
                c.apiKey = key
            } else if apiKeyStdin {
                c.apiKey = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces)
            }
            c.priority = priority
            c.weight = weight
            c.maxInflightImages = maxInflightImages
            if let rehost {
                guard let mode = UpstreamChannel.RehostMode(rawValue: rehost) else { throw ValidationError("--rehost is rehost or passthrough") }
                c.rehost = mode
            }
            c.allowedImageHosts = allowedImageHosts.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            c.connectTimeoutMillis = connectTimeoutMs
            c.readTimeoutMillis = readTimeoutMs
            c.totalTimeoutMillis = totalTimeoutMs
            return c
        }
    }

    static func service(_ data: DataOptions) async throws -> ChannelService {
        try await ChannelService.open(data.config(), store: try await data.store())
    }

    static func show(_ c: UpstreamChannel, _ service: ChannelService) {
        print([
            c.id, c.name, c.kind.rawValue, c.kind == .sandbox ? "-" : c.baseURL, service.keyHint(c) ?? "-",
            "priority=\(c.priority)", "weight=\(c.weight)", "max_inflight_images=\(c.maxInflightImages)",
            c.enabled ? "enabled" : "disabled (\(c.disabledReason ?? ""))", c.rehost.rawValue,
        ].joined(separator: "\t"))
    }

    /// Problems the service reports are the operator's to fix: say them plainly.
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let problem as ChannelService.Problem { throw ValidationError(problem.description) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List channels (keys are shown as their last four characters).")
        @OptionGroup var data: DataOptions
        func run() async throws {
            let service = try await ChannelCommand.service(data)
            for c in try await service.store.channels() { ChannelCommand.show(c, service) }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a channel.",
            discussion: "Example: IDEOGRAM_KEY=… ideogate channel add main --api-key-env IDEOGRAM_KEY --priority 10")
        @Argument(help: "A name, e.g. main.") var name: String
        @Option(help: "ideogram or sandbox.") var kind: String = "ideogram"
        @OptionGroup var settings: Settings
        @OptionGroup var data: DataOptions
        func run() async throws {
            guard let kind = UpstreamChannel.Kind(rawValue: kind) else { throw ValidationError("--kind is ideogram or sandbox") }
            var changes = try settings.changes()
            changes.name = name
            changes.kind = kind
            let service = try await ChannelCommand.service(data)
            ChannelCommand.show(try await ChannelCommand.run { try await service.add(changes) }, service)
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a channel's settings or key.")
        @Argument(help: "Channel id or name.") var channel: String
        @Option(help: "A new name.") var name: String?
        @OptionGroup var settings: Settings
        @OptionGroup var data: DataOptions
        func run() async throws {
            var changes = try settings.changes()
            changes.name = name
            let service = try await ChannelCommand.service(data)
            ChannelCommand.show(try await ChannelCommand.run { try await service.edit(channel, changes) }, service)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Switch a channel on (also after an upstream 401/402/403 was fixed).")
        @Argument(help: "Channel id or name.") var channel: String
        @OptionGroup var data: DataOptions
        func run() async throws {
            let service = try await ChannelCommand.service(data)
            ChannelCommand.show(try await ChannelCommand.run { try await service.setEnabled(channel, true) }, service)
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Switch a channel off, e.g. the demo sandbox once a real key is added.")
        @Argument(help: "Channel id or name.") var channel: String
        @Option(help: "Why (shown in listings).") var reason: String?
        @OptionGroup var data: DataOptions
        func run() async throws {
            let service = try await ChannelCommand.service(data)
            ChannelCommand.show(try await ChannelCommand.run { try await service.setEnabled(channel, false, reason: reason) }, service)
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a channel is reachable and its key accepted, without generating (or paying for) an image.")
        @Argument(help: "Channel id or name.") var channel: String
        @OptionGroup var data: DataOptions
        func run() async throws {
            let service = try await ChannelCommand.service(data)
            let pool = HTTPClientPool()
            let result = try await ChannelCommand.run { try await service.test(channel, clients: pool) }
            await pool.shutdown()
            print("\(result.ok ? "ok" : "FAILED")\t\(result.status.map(String.init) ?? "-")\t\(result.detail)")
            if !result.ok { throw ExitCode(1) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a channel.")
        @Argument(help: "Channel id or name.") var channel: String
        @OptionGroup var data: DataOptions
        func run() async throws {
            let service = try await ChannelCommand.service(data)
            try await ChannelCommand.run { try await service.delete(channel) }
        }
    }
}
