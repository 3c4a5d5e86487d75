import ArgumentParser
import Foundation
import Gateway

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Create, list and change accounts; credit or debit them.",
        subcommands: [Create.self, List.self, Show.self, Credit.self, Debit.self, SetTier.self, Disable.self, Enable.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account (and print its id).")
        @Option(help: "A name for the account.") var name: String
        @Option(help: "Price tier.") var tier: String = "default"
        @Option(help: "Opening credit in dollars, e.g. 10 or 2.50.") var credit: String?
        @OptionGroup var data: DataOptions

        func run() async throws {
            let micros = try credit.map { try VerbInput.dollars($0, name: "--credit") } ?? 0
            let account = try await AccountService(store: try await data.store()).openAccount(name: name, tier: tier, creditMicros: micros)
            print(account.id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts: id, name, tier, balance, state.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            Table.print(try await data.store().accounts().map {
                [$0.id, $0.name, $0.tier, Money.format($0.balanceMicros), $0.disabledAt == nil ? "active" : "disabled"]
            })
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an account, its keys and its latest ledger entries.")
        @Argument(help: "Account id.") var account: String
        @Option(help: "Ledger entries to show.") var entries: Int = 20
        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try await data.store()
            let a = try await AccountService(store: store).requireAccount(account)
            print("\(a.id)  \(a.name)  tier \(a.tier)  balance \(Money.format(a.balanceMicros))\(a.disabledAt == nil ? "" : "  DISABLED")")
            print("keys:")
            Table.print(try await store.keys(accountID: a.id).map(KeyCommand.row))
            print("ledger:")
            Table.print(try await store.ledgerEntries(accountID: a.id, limit: max(1, entries), offset: 0).map {
                [VerbInput.millisText($0.createdAt), $0.kind.rawValue, Money.format($0.amountMicros), $0.requestID, $0.memo ?? ""]
            })
        }
    }

    struct Credit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Credit an account (a ledger entry with a memo).")
        @Argument(help: "Account id.") var account: String
        @Argument(help: "Amount in dollars, e.g. 5 or 1.25.") var amount: String
        @Option(help: "Why (kept in the ledger).") var memo: String = "admin credit"
        @OptionGroup var data: DataOptions

        func run() async throws {
            let micros = try VerbInput.dollars(amount, name: "amount")
            let balance = try await AccountService(store: try await data.store()).move(accountID: account, amount: micros, memo: memo)
            print("balance \(Money.format(balance))")
        }
    }

    struct Debit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Debit an account; refused if it would go below zero.")
        @Argument(help: "Account id.") var account: String
        @Argument(help: "Amount in dollars, e.g. 5 or 1.25.") var amount: String
        @Option(help: "Why (kept in the ledger).") var memo: String = "admin debit"
        @OptionGroup var data: DataOptions

        func run() async throws {
            let micros = try VerbInput.dollars(amount, name: "amount")
            let balance = try await AccountService(store: try await data.store()).move(accountID: account, amount: -micros, memo: memo)
            print("balance \(Money.format(balance))")
        }
    }

    struct SetTier: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-tier", abstract: "Move an account to another price tier.")
        @Argument(help: "Account id.") var account: String
        @Argument(help: "Tier name (see `ideogate tier list`).") var tier: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            let a = try await AccountService(store: try await data.store()).updateAccount(id: account, tier: tier)
            print("\(a.id) tier \(a.tier)")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: its keys are refused (401) until it is enabled.")
        @Argument(help: "Account id.") var account: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            let a = try await AccountService(store: try await data.store()).updateAccount(id: account, disabled: true)
            print("\(a.id) disabled")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account again.")
        @Argument(help: "Account id.") var account: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            let a = try await AccountService(store: try await data.store()).updateAccount(id: account, disabled: false)
            print("\(a.id) enabled")
        }
    }
}
