import ArgumentParser
import Foundation
import Gateway

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Create and list accounts, and credit or debit them.",
        subcommands: [Create.self, List.self, Credit.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account (and print its id).")
        @Option(help: "A name for the account.") var name: String
        @Option(help: "Price tier.") var tier: String = "default"
        @Option(help: "Opening credit in dollars, e.g. 10 or 2.50.") var credit: String?
        @OptionGroup var data: DataOptions

        func run() async throws {
            let gateway = try await Ideogate.open(data.config())
            let service = AccountService(store: gateway.store)
            let account = try await service.createAccount(name: name, tier: tier)
            if let credit {
                guard let micros = Money.parse(credit), micros > 0 else { throw ValidationError("--credit must be a positive amount") }
                _ = try await service.adjustBalance(accountID: account.id, amount: micros, kind: "credit", memo: "opening credit")
            }
            print(account.id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts with their balances.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let gateway = try await Ideogate.open(data.config())
            for a in try await gateway.store.accounts() {
                print("\(a.id)\t\(a.name)\t\(a.tier)\t\(Money.format(a.balanceMicros))")
            }
        }
    }

    struct Credit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Credit (or, with a negative amount, debit) an account.")
        @Argument(help: "Account id.") var account: String
        @Argument(help: "Amount in dollars, e.g. 5 or -1.25.") var amount: String
        @Option(help: "Why (kept in the ledger).") var memo: String = "admin adjustment"
        @OptionGroup var data: DataOptions

        func run() async throws {
            guard let micros = Money.parse(amount), micros != 0 else { throw ValidationError("amount must be a non-zero dollar amount") }
            let gateway = try await Ideogate.open(data.config())
            let balance = try await AccountService(store: gateway.store).adjustBalance(
                accountID: account, amount: micros, kind: micros > 0 ? "credit" : "debit", memo: memo)
            print("balance \(Money.format(balance))")
        }
    }
}

struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Create API keys.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key for an account; the secret is printed once.")
        @Option(help: "Account id.") var account: String
        @Option(help: "A label to tell keys apart.") var label: String = "default"
        @Flag(help: "A test key: always served by the sandbox, never charged.") var test = false
        @OptionGroup var data: DataOptions

        func run() async throws {
            let gateway = try await Ideogate.open(data.config())
            let key = try await AccountService(store: gateway.store).createKey(accountID: account, label: label, test: test)
            print(key.secret)
        }
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every account's balance against its ledger, and list holds open longer than the sweep horizon.")
    @Option(name: .customLong("horizon-minutes"), help: "Holds open longer than this are reported.") var horizonMinutes: Double = 15
    @OptionGroup var data: DataOptions

    func run() async throws {
        let store = try SQLiteStore(path: data.dataDir + "/ideogate.sqlite")
        let horizon = Int64((Date().timeIntervalSince1970 - horizonMinutes * 60) * 1000)
        let findings = try await store.audit(horizon: horizon)
        let accounts = try await store.accounts().count
        if findings.isEmpty {
            print("audit passed: \(accounts) accounts, every balance equals its ledger, no stale holds")
        } else {
            for f in findings { print("FAIL \(f)") }
            throw ExitCode(1)
        }
    }
}
