import ArgumentParser
import Foundation
import Gateway

struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Create, list, change and revoke API keys.",
        subcommands: [Create.self, List.self, Update.self, Revoke.self])

    /// Options that set a key's scope; a field left out is not restricted (on create) or left
    /// as it is (on update). `any` removes a restriction.
    struct ScopeOptions: ParsableArguments {
        @Option(help: "Operations allowed, comma-separated (e.g. v3.generate,v3.remix), or any.") var operations: String?
        @Option(help: "Models or V3 speeds allowed (e.g. TURBO,DEFAULT,V_2), or any.") var models: String?
        @Option(help: "IP addresses or CIDR ranges allowed, comma-separated, or any.") var ip: String?
        @Option(name: .customLong("spend-limit"), help: "Most the key may ever spend, in dollars, or any.") var spendLimit: String?
        @Option(name: .customLong("daily-limit"), help: "Most the key may spend per UTC day, in dollars, or any.") var dailyLimit: String?

        func apply(to base: KeyScope) throws -> KeyScope {
            var scope = base
            if let operations { scope.operations = VerbInput.list(operations) }
            if let models { scope.models = VerbInput.list(models) }
            if let ip { scope.ipRanges = VerbInput.list(ip) }
            if let spendLimit { scope.spendLimitMicros = try Self.limit(spendLimit, name: "--spend-limit") }
            if let dailyLimit { scope.dailySpendLimitMicros = try Self.limit(dailyLimit, name: "--daily-limit") }
            return scope
        }

        var isEmpty: Bool { operations == nil && models == nil && ip == nil && spendLimit == nil && dailyLimit == nil }

        static func limit(_ text: String, name: String) throws -> Int64? {
            text == "any" ? nil : try VerbInput.dollars(text, name: name, positive: false)
        }
    }

    static func row(_ k: APIKeyRecord) -> [String] {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let state = k.revokedAt != nil ? "revoked" : (k.expiresAt.map { $0 <= now } == true ? "expired" : "active")
        var scope: [String] = []
        if let o = k.scope.operations { scope.append("ops=" + o.joined(separator: ",")) }
        if let m = k.scope.models { scope.append("models=" + m.joined(separator: ",")) }
        if let i = k.scope.ipRanges { scope.append("ip=" + i.joined(separator: ",")) }
        if let l = k.scope.spendLimitMicros { scope.append("limit=" + Money.format(l)) }
        if let l = k.scope.dailySpendLimitMicros { scope.append("daily=" + Money.format(l)) }
        return [
            k.id, k.accountID, k.prefix + "…", k.label, k.isTest ? "test" : "live", state, "spent " + Money.format(k.spentMicros),
            "expires " + VerbInput.millisText(k.expiresAt), "last used " + VerbInput.millisText(k.lastUsedAt),
            scope.isEmpty ? "unrestricted" : scope.joined(separator: " "),
        ]
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key for an account; the secret is printed once.")
        @Option(help: "Account id.") var account: String
        @Option(help: "A label to tell keys apart.") var label: String = "default"
        @Option(help: "Expiry: 2026-12-31, an RFC 3339 time, or days from now (30d).") var expires: String?
        @Flag(help: "A test key: always served by the sandbox, never charged.") var test = false
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var data: DataOptions

        func run() async throws {
            let expiry = try expires.map { try VerbInput.time($0, name: "--expires") }
            let key = try await AccountService(store: try await data.store()).createKey(
                accountID: account, label: label, test: test, expiresAt: expiry, scope: try scope.apply(to: KeyScope()))
            print(key.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")
        @Option(help: "Only this account's keys.") var account: String?
        @OptionGroup var data: DataOptions

        func run() async throws {
            Table.print(try await data.store().keys(accountID: account).map(KeyCommand.row))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a key's label, expiry or scope.")
        @Argument(help: "Key id.") var key: String
        @Option(help: "A new label.") var label: String?
        @Option(help: "New expiry (2026-12-31, RFC 3339, or 30d), or never.") var expires: String?
        @Flag(name: .customLong("clear-scope"), help: "Remove every restriction before applying the scope options.") var clearScope = false
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var data: DataOptions

        func run() async throws {
            let service = AccountService(store: try await data.store())
            let current = try await service.requireKey(key)
            var expiry: Int64??
            if let expires {
                expiry = expires == "never" ? .some(nil) : .some(Int64(try VerbInput.time(expires, name: "--expires").timeIntervalSince1970 * 1000))
            }
            let newScope = clearScope || !scope.isEmpty ? try scope.apply(to: clearScope ? KeyScope() : current.scope) : nil
            let updated = try await service.updateKey(id: key, label: label, expiresAt: expiry, scope: newScope)
            Table.print([KeyCommand.row(updated)])
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key for good.")
        @Argument(help: "Key id.") var key: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            let revoked = try await AccountService(store: try await data.store()).revokeKey(id: key)
            print("\(revoked.id) revoked")
        }
    }
}
