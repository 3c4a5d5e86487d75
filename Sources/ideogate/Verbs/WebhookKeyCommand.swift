import ArgumentParser
import Foundation
import Gateway

struct WebhookKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook-key", abstract: "The Ed25519 keys webhooks are signed with (published at /v1/.well-known/jwks.json).",
        subcommands: [List.self, Rotate.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Published keys, current first: kid, created, and which one signs.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let keyring = try await WebhookKeyring.open(data.config(), store: try await data.store())
            Table.print(try await WebhookKeyCommand.rows(keyring.keys()))
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new signing key. The previous key stays published until the next rotation, so receivers that cached the key set keep verifying; a running server signs with the new key from its next delivery.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let keyring = try await WebhookKeyring.open(data.config(), store: try await data.store())
            Table.print(WebhookKeyCommand.rows(try await keyring.rotate()))
        }
    }

    static func rows(_ keys: [WebhookKeyring.Key]) -> [[String]] {
        keys.enumerated().map { index, key in
            [key.kid, VerbInput.millisText(key.createdAt), index == 0 ? "current" : "previous"]
        }
    }
}
