import ArgumentParser
import Foundation
import Gateway

struct SpecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec", abstract: "The official Ideogram OpenAPI spec that decides which paths are relayed.",
        subcommands: [Update.self, Show.self])

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a newer official spec (https://api.ideogram.ai/openapi.json) into the data directory. The relay serves its paths from the server's next start.")
        @Argument(help: "The spec file, JSON.") var file: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            do {
                let spec = try RelaySpec.install(file: file, config: data.config())
                print("loaded \(spec.version.map { "version \($0), " } ?? "")\(spec.routes.count) relayed paths (\(spec.routes.filter(\.dryRun).count) priced by dry run); restart the server to serve them")
            } catch let error as RelaySpec.SpecError {
                throw ValidationError(error.description)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The relayed paths: operation name, and whether the upstream's dry run can price it.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let spec = RelaySpec.current(dataDirectory: data.config().dataDirectory)
            Table.print(spec.routes.map { [$0.operation, $0.dryRun ? "dry_run" : "-"] })
        }
    }
}
