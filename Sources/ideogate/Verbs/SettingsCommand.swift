import ArgumentParser
import Gateway

struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "Show and change operator settings.", subcommands: [List.self, Set.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every setting.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let all = try await OperatorSettings(store: try await data.store()).all()
            Table.print(all.sorted { $0.key < $1.key }.map { [$0.key.replacingOccurrences(of: "_", with: "-"), String($0.value)] })
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a setting, e.g. `settings set charge-unsafe-images true` to charge images the safety check withheld.")
        @Argument(help: "Setting name (charge-unsafe-images, console-signup, console-test-keys).") var name: String
        @Argument(help: "true or false.") var value: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            guard let flag = Bool(value.lowercased()) else { throw ValidationError("value must be true or false") }
            let key = name.replacingOccurrences(of: "-", with: "_")
            try await OperatorSettings(store: try await data.store()).set(key, to: flag)
            print("\(name) \(flag)")
        }
    }
}
