import ArgumentParser
import Foundation
import Gateway

struct CodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code", abstract: "Create and list redemption codes.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a batch of codes; they are printed once, one per line (only their hashes are kept).")
        @Option(help: "How many codes (1–1000).") var count: Int
        @Option(help: "Credit per code in dollars, e.g. 10.") var amount: String
        @Option(name: .customLong("expires-days"), help: "Days until the codes expire.") var expiresDays: Double?
        @Option(help: "A note kept with the batch and in each redemption's ledger entry.") var memo: String?
        @OptionGroup var data: DataOptions

        func run() async throws {
            let micros = try VerbInput.dollars(amount, name: "--amount")
            if let expiresDays, expiresDays <= 0 { throw ValidationError("--expires-days must be positive") }
            let expiry = expiresDays.map { Int64((Date().timeIntervalSince1970 + $0 * 86_400) * 1000) }
            let batch = try await RedemptionCodes(store: try await data.store()).createBatch(
                count: count, amountMicros: micros, expiresAt: expiry, memo: memo)
            FileHandle.standardError.write(Data("batch \(batch.id): \(batch.codes.count) × \(Money.format(micros))\n".utf8))
            for code in batch.codes { print(code) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List codes: prefix, batch, amount, state, redeemed by.")
        @Option(help: "Only this batch.") var batch: String?
        @Option(help: "At most this many.") var limit: Int = 1000
        @OptionGroup var data: DataOptions

        func run() async throws {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            Table.print(try await data.store().redemptionCodes(batch: batch, limit: max(1, limit), offset: 0).map { c in
                let state = c.redeemedAt != nil ? "redeemed" : (c.expiresAt.map { $0 <= now } == true ? "expired" : "available")
                return [
                    c.prefix + "-…", c.batch, Money.format(c.amountMicros), state, c.redeemedBy ?? "-",
                    VerbInput.millisText(c.redeemedAt), "expires " + VerbInput.millisText(c.expiresAt), c.memo ?? "",
                ]
            })
        }
    }
}
