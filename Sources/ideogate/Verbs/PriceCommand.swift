import ArgumentParser
import Foundation
import Gateway

struct PriceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "price", abstract: "Show and set the price list (applies to the next request).",
        subcommands: [List.self, Set.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List prices: operation, variant, price per image.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            Table.print(try await data.store().prices().map { [$0.operation, $0.variant, Money.format($0.micros)] })
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set one price, e.g. `price set v3.generate QUALITY 0.10`.")
        @Argument(help: "Operation, e.g. v3.generate or legacy.generate.") var operation: String
        @Argument(help: "Variant: V3 speed (TURBO, DEFAULT, …), legacy model (V_2, …), or * for any.") var variant: String
        @Argument(help: "Price per image in dollars.") var price: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            let micros = try VerbInput.dollars(price, name: "price", positive: false)
            let entry = try await PriceBook(store: try await data.store()).setPrice(operation: operation, variant: variant, micros: micros)
            print("\(entry.operation) \(entry.variant) \(Money.format(entry.micros))")
        }
    }
}

struct TierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tier", abstract: "Show and set price tiers (a multiplier on the price list).",
        subcommands: [List.self, Set.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tiers and their multipliers.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            Table.print(try await data.store().tiers().map { [$0.name, TierCommand.multiplier($0.multiplierPPM)] })
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or change a tier, e.g. `tier set partner 0.8` for 20% off.")
        @Argument(help: "Tier name.") var name: String
        @Argument(help: "Multiplier on list price, up to six decimals (1 = list price).") var multiplier: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            // Six decimals of a multiplier are exactly its parts per million.
            guard let ppm = Money.parse(multiplier), ppm > 0 else { throw ValidationError("multiplier must be positive, e.g. 0.8") }
            let tier = try await PriceBook(store: try await data.store()).setTier(name: name, multiplierPPM: ppm)
            print("\(tier.name) \(TierCommand.multiplier(tier.multiplierPPM))")
        }
    }

    static func multiplier(_ ppm: Int64) -> String {
        var fraction = String(ppm % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.count > 1, fraction.hasSuffix("0") { fraction.removeLast() }
        return "×\(ppm / 1_000_000).\(fraction)"
    }
}
