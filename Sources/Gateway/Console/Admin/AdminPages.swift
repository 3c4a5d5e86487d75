import Foundation
import IdeogramAPI

/// The operator's pages: the values each template (`Console/Templates/admin_*.mustache`) shows.
/// The templates escape every value they insert.
enum AdminPages {
    struct SignInView {
        var notices: [ConsoleNotice]
        /// The pre-session CSRF token (no session exists yet).
        var csrf: String
    }

    /// The overview is filled in by the script from `overview.json`; the page itself is static.
    static func overview() -> String {
        ConsoleTemplates.render(.adminOverview, [String: String]())
    }

    // MARK: Accounts

    struct AccountsView {
        struct TierOption {
            var name: String
            var selected: Bool
        }
        struct Row {
            var id: String
            var name: String
            var balance: String
            var tiers: [TierOption]
            /// Makes each credit or debit form a single ledger move, however often it is sent.
            var nonce: String
            var enabled: Bool
        }
        struct TierRow {
            var name: String
            var percent: String
        }
        var notices: [ConsoleNotice]
        var csrf: String
        var accounts: [Row]
        var newAccountTiers: [TierOption]
        var tierRows: [TierRow]
    }

    static func accounts(_ accounts: [Account], tiers: [Tier], csrf: String, notices: [ConsoleNotice] = []) -> String {
        func options(_ chosen: String) -> [AccountsView.TierOption] {
            tiers.map { .init(name: $0.name, selected: $0.name == chosen) }
        }
        let rows = accounts.reversed().map { a in
            AccountsView.Row(
                id: a.id, name: a.name, balance: Money.format(a.balanceMicros), tiers: options(a.tier),
                nonce: KeySecret.randomToken(length: 16), enabled: a.disabledAt == nil)
        }
        let view = AccountsView(
            notices: notices, csrf: csrf, accounts: rows, newAccountTiers: options("default"),
            tierRows: tiers.map { .init(name: $0.name, percent: String(format: "%.2f", Double($0.multiplierPPM) / 10_000)) })
        return ConsoleTemplates.render(.adminAccounts, view)
    }

    // MARK: Codes

    struct CodesView {
        /// A batch just made: its codes are shown this once.
        struct Created {
            var count: Int
            var amount: String
            var list: String
        }
        struct Row {
            var prefix: String
            var batch: String
            var amount: String
            var state: String
            var stateClass: String
            var redeemedBy: String?
            var createdAt: String
            var expires: String
            var memo: String
        }
        var notices: [ConsoleNotice]
        var csrf: String
        var created: Created?
        var codes: [Row]
    }

    static func codes(_ codes: [RedemptionCode], created: RedemptionCodes.Batch?, csrf: String, notices: [ConsoleNotice] = []) -> String {
        let now = Date().millis
        let rows = codes.map { c in
            let state = c.redeemedAt != nil ? "redeemed" : (c.expiresAt.map { $0 <= now } == true ? "expired" : "open")
            return CodesView.Row(
                prefix: c.prefix, batch: c.batch, amount: Money.format(c.amountMicros), state: state,
                stateClass: state == "open" ? "active" : "revoked", redeemedBy: c.redeemedBy, createdAt: ConsolePage.date(c.createdAt),
                expires: c.expiresAt.map(ConsolePage.date) ?? "never", memo: c.memo ?? "")
        }
        let batch = created.map {
            CodesView.Created(count: $0.codes.count, amount: Money.format($0.amountMicros), list: $0.codes.joined(separator: "\n"))
        }
        return ConsoleTemplates.render(.adminCodes, CodesView(notices: notices, csrf: csrf, created: batch, codes: rows))
    }

    // MARK: Prices

    struct PricesView {
        struct Row {
            /// `price-v3-generate-TURBO`: the row's id, which scripts and tests find it by.
            var rowID: String
            var operation: String
            var variant: String
            var price: String
            /// The price without its dollar sign, as the form field takes it.
            var amount: String
        }
        var notices: [ConsoleNotice]
        var csrf: String
        var prices: [Row]
        /// Listed from the API's operations, so a new operation can be priced by itself.
        var operations: [String]
    }

    static func prices(_ prices: [PriceEntry], csrf: String, notices: [ConsoleNotice] = []) -> String {
        let rows = prices.sorted { ($0.operation, $0.variant) < ($1.operation, $1.variant) }.map { p in
            PricesView.Row(
                rowID: "price-\(p.operation)-\(p.variant)".replacingOccurrences(of: "*", with: "any").replacingOccurrences(of: ".", with: "-"),
                operation: p.operation, variant: p.variant, price: Money.format(p.micros), amount: String(Money.format(p.micros).dropFirst()))
        }
        let view = PricesView(notices: notices, csrf: csrf, prices: rows, operations: IdeogramAPI.Operation.allCases.map(\.rawValue))
        return ConsoleTemplates.render(.adminPrices, view)
    }

    // MARK: Channels

    struct ChannelsView {
        struct Row {
            var id: String
            var name: String
            var kind: String
            var keyHint: String?
            var state: String
            var stateClass: String
            var disabledReason: String?
            var inflight: Int
            var maxInflight: Int
            var priority: Int
            var weight: Int
            var ratio: String
            var enabled: Bool
        }
        var notices: [ConsoleNotice]
        var csrf: String
        var queue: String
        var channels: [Row]
    }

    static func channels(
        _ channels: [UpstreamChannel], live: [ChannelStatus], queue: Int?, ratios: [String: (Int, Int)],
        hint: (UpstreamChannel) -> String?, csrf: String, notices: [ConsoleNotice] = []
    ) -> String {
        let rows = channels.map { c in
            let status = live.first { $0.channel.id == c.id }
            let state = !c.enabled ? "disabled" : (status?.breaker == "closed" || status == nil ? "healthy" : status!.breaker.replacingOccurrences(of: "_", with: "-"))
            let (total, failed) = ratios[c.name] ?? (0, 0)
            return ChannelsView.Row(
                id: c.id, name: c.name, kind: c.kind.rawValue, keyHint: hint(c), state: state,
                stateClass: state == "healthy" ? "active" : "revoked", disabledReason: c.disabledReason,
                inflight: status?.inflightImages ?? 0, maxInflight: c.maxInflightImages, priority: c.priority, weight: c.weight,
                ratio: total == 0 ? "—" : String(format: "%.0f%% of %d", Double(failed) / Double(total) * 100, total), enabled: c.enabled)
        }
        let view = ChannelsView(notices: notices, csrf: csrf, queue: queue.map(String.init) ?? "—", channels: rows)
        return ConsoleTemplates.render(.adminChannels, view)
    }

    // MARK: Usage

    struct UsageView {
        var filters: CustomerPages.UsageFiltersView
        /// `?operation=…&…`: the CSV export keeps the page's filters.
        var csvQuery: String
        var table: CustomerPages.UsageTableView
        var pager: CustomerPages.PagerView?
    }

    static func usage(_ rows: [UsageRecord], params: QueryParameters, offset: Int) -> String {
        var csvQuery = ["operation", "status", "since", "until", "account_id"].compactMap { name in
            params.string(name).map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        }.joined(separator: "&")
        if !csvQuery.isEmpty { csvQuery = "?" + csvQuery }
        let view = UsageView(
            filters: CustomerPages.usageFilters(params, action: "/console/admin/usage", accountFilter: true), csvQuery: csvQuery,
            table: CustomerPages.usageTable(rows, showAccount: true),
            pager: CustomerPages.pager("/console/admin/usage", params: params, offset: offset, count: rows.count, page: 100))
        return ConsoleTemplates.render(.adminUsage, view)
    }

    // MARK: Settings

    struct SettingsView {
        var notices: [ConsoleNotice]
        var csrf: String
        var signUp: Bool
        var testKeys: Bool
        /// Dollars without the sign, as the form field takes them.
        var welcome: String
    }

    static func settings(signUp: Bool, testKeys: Bool, welcome: Int64, csrf: String, notices: [ConsoleNotice] = []) -> String {
        let view = SettingsView(notices: notices, csrf: csrf, signUp: signUp, testKeys: testKeys, welcome: String(Money.format(welcome).dropFirst()))
        return ConsoleTemplates.render(.adminSettings, view)
    }
}
