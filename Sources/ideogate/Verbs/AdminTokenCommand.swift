import ArgumentParser
import Foundation
import Gateway

struct AdminTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin-token", abstract: "Manage the operator's admin token.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the admin token. The old one stops working at once, also for a running server, and every operator console session ends. The new token is printed once.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let token = try await AdminToken.rotate(store: try await data.store())
            // Straight to the descriptor, as the first-run banner: the secret must not sit in a buffer.
            FileHandle.standardOutput.write(Data((token + "\n").utf8))
        }
    }
}
