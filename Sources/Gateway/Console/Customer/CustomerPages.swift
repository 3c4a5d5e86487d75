import HTTPTypes
import Foundation
import Hummingbird
import IdeogramAPI

/// The customer's pages: the values each template (`Console/Templates/`) shows. The templates
/// escape every value they insert.
enum CustomerPages {
    struct HomeView {
        var notices: [ConsoleNotice]
        var balance: String
        var spent: String
        var accountID: String
        /// SVG markup SpendChart drew; the template inserts it unescaped.
        var chart: String
        /// The latest requests, or nil for a new account (which gets the first steps instead).
        var recent: UsageTableView?
    }

    static func home(_ v: ConsoleViewer, chart: SpendChart, recent: [UsageRecord], welcome: Bool) -> String {
        let view = HomeView(
            notices: welcome ? [ConsoleNotice("Welcome! Your account is ready.")] : [],
            balance: Money.format(v.account.balanceMicros), spent: Money.format(chart.days.reduce(0) { $0 + $1.spentMicros }),
            accountID: v.account.id, chart: chart.svg(), recent: recent.isEmpty ? nil : usageTable(recent))
        return ConsoleTemplates.render(.home, view)
    }

    // MARK: Keys

    struct KeysView {
        struct Created {
            var secret: String
        }
        struct Row {
            var id: String
            var prefix: String
            var label: String
            var isTest: Bool
            var isPlayground: Bool
            /// nil: the key may do everything.
            var scopeSummary: String?
            var spent: String
            var createdAt: String
            var lastUsed: String
            var status: String
            var revocable: Bool
        }
        var csrf: String
        var created: Created?
        var notices: [ConsoleNotice]
        var keys: [Row]
        /// Listed from the API's operations, so a new operation gets its checkbox by itself.
        var operations: [String]
        var testKeys: Bool
    }

    /// `testKeys`: whether the operator lets console users make test keys (`console_test_keys`).
    static func keys(
        _ v: ConsoleViewer, keys: [APIKeyRecord], testKeys: Bool, created: AccountService.NewKey? = nil, error: String? = nil
    ) -> String {
        let now = Date().millis
        let rows = keys.map { k -> KeysView.Row in
            let status = k.revokedAt != nil ? "revoked" : (k.expiresAt.map { $0 <= now } == true ? "expired" : "active")
            return KeysView.Row(
                id: k.id, prefix: k.prefix, label: k.label, isTest: k.isTest, isPlayground: k.label == ConsoleKeyring.label,
                scopeSummary: scopeSummary(k.scope), spent: Money.format(k.spentMicros), createdAt: ConsolePage.date(k.createdAt),
                lastUsed: k.lastUsedAt.map(ConsolePage.date) ?? "never", status: status, revocable: status == "active")
        }
        let view = KeysView(
            csrf: v.session.csrfToken, created: created.map { KeysView.Created(secret: $0.secret) }, notices: ConsoleNotice.list(error: error),
            keys: rows, operations: IdeogramAPI.Operation.allCases.map(\.rawValue), testKeys: testKeys)
        return ConsoleTemplates.render(.keys, view)
    }

    static func scope(from form: FormFields) throws -> KeyScope {
        func list(_ name: String) -> [String]? {
            let items = (form[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return items.isEmpty ? nil : items
        }
        func money(_ name: String) throws -> Int64? {
            guard let text = form.text(name) else { return nil }
            guard let micros = Money.parse(text), micros > 0 else {
                throw GatewayError(.badRequest, "invalid_amount", "Spend limits are dollar amounts above zero, like 5 or 2.50.")
            }
            return micros
        }
        let ops = IdeogramAPI.Operation.allCases.map(\.rawValue).filter { form["op_\($0)"] == "on" }
        return KeyScope(
            operations: ops.isEmpty ? nil : ops, models: list("models"), ipRanges: list("ip_ranges"),
            spendLimitMicros: try money("spend_limit"), dailySpendLimitMicros: try money("daily_limit"))
    }

    /// What a key may do, in words; nil when it may do everything.
    static func scopeSummary(_ s: KeyScope) -> String? {
        var parts: [String] = []
        if let ops = s.operations { parts.append(ops.joined(separator: ", ")) }
        if let models = s.models { parts.append(models.joined(separator: ", ")) }
        if let ips = s.ipRanges { parts.append("from " + ips.joined(separator: ", ")) }
        if let l = s.spendLimitMicros { parts.append("≤ \(Money.format(l)) total") }
        if let l = s.dailySpendLimitMicros { parts.append("≤ \(Money.format(l))/day") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    // MARK: Usage

    /// What `usage_table.mustache` shows.
    struct UsageTableView {
        struct Row {
            var time: String
            var accountID: String
            var operation: String
            var variant: String
            var delivered: Int
            var requested: Int
            var charged: String
            var statusClass: String
            var status: Int
            var errorCode: String?
            var latency: String
            var requestID: String
        }
        var rows: [Row]
        var showAccount: Bool
        var empty: Bool
    }

    static func usageTable(_ rows: [UsageRecord], showAccount: Bool = false) -> UsageTableView {
        let rows = rows.map { r in
            UsageTableView.Row(
                time: ConsolePage.date(r.createdAt), accountID: r.accountID ?? "", operation: r.operation, variant: r.variant ?? "",
                delivered: r.imagesDelivered, requested: r.imagesRequested, charged: Money.format(r.chargedMicros),
                statusClass: (200..<300).contains(r.status) ? "active" : "revoked", status: r.status, errorCode: r.errorCode,
                latency: "\(r.latencyMillis)", requestID: r.requestID)
        }
        return UsageTableView(rows: rows, showAccount: showAccount, empty: rows.isEmpty)
    }

    /// What `usage_filters.mustache` shows: the filters as the request set them.
    struct UsageFiltersView {
        struct Option {
            var value: String
            var name: String
            var selected: Bool
        }
        var action: String
        /// The operator's page filters by account too.
        var accountFilter: Bool
        var accountID: String
        /// Listed from the API's operations, so a new operation can be filtered on by itself.
        var operations: [Option]
        var statuses: [Option]
        var since: String
        var until: String
    }

    static func usageFilters(_ params: QueryParameters, action: String, accountFilter: Bool = false) -> UsageFiltersView {
        let chosen = params.string("operation") ?? ""
        let status = params.string("status") ?? ""
        let ops = [""] + IdeogramAPI.Operation.allCases.map(\.rawValue)
        return UsageFiltersView(
            action: action, accountFilter: accountFilter, accountID: params.string("account_id") ?? "",
            operations: ops.map { .init(value: $0, name: $0.isEmpty ? "any" : $0, selected: $0 == chosen) },
            statuses: [("", "any"), ("ok", "succeeded"), ("error", "failed")].map { .init(value: $0.0, name: $0.1, selected: $0.0 == status) },
            since: params.string("since") ?? "", until: params.string("until") ?? "")
    }

    struct UsageView {
        var filters: UsageFiltersView
        var table: UsageTableView
        var pager: PagerView?
    }

    static func usage(_ rows: [UsageRecord], params: QueryParameters, offset: Int) -> String {
        let view = UsageView(
            filters: usageFilters(params, action: "/console/usage"), table: usageTable(rows),
            pager: pager("/console/usage", params: params, offset: offset, count: rows.count, page: 100))
        return ConsoleTemplates.render(.usage, view)
    }

    /// What `pager.mustache` shows: links to the newer and older pages, when there are any.
    struct PagerView {
        var newer: String?
        var older: String?
        var both: Bool

        init?(newer: String?, older: String?) {
            guard newer != nil || older != nil else { return nil }
            self.newer = newer
            self.older = older
            both = newer != nil && older != nil
        }
    }

    static func pager(_ path: String, params: QueryParameters, offset: Int, count: Int, page: Int) -> PagerView? {
        let query = ["operation", "status", "since", "until", "account_id"].compactMap { name in
            params.string(name).map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        }
        func link(_ offset: Int) -> String { path + "?" + (query + ["offset=\(offset)"]).joined(separator: "&") }
        return PagerView(newer: offset > 0 ? link(max(0, offset - page)) : nil, older: count == page ? link(offset + page) : nil)
    }

    /// `2026-01-31` as the millis of that day's start (UTC).
    static func day(_ text: String) -> Millis? {
        try? Timestamp.parse(text + "T00:00:00Z", field: "day")
    }

    // MARK: Gallery

    struct GalleryView {
        struct Tile {
            var url: String
            var alt: String
            /// nil for an image made through the API, which keeps no prompt.
            var prompt: String?
            var operation: String
            var seed: String?
            var resolution: String?
            var price: String
            var createdAt: String
            var imageID: String
        }
        var images: [Tile]
        var hasImages: Bool
        var pager: PagerView?
    }

    static func gallery(_ images: [GalleryImage], signer: URLSigner, offset: Int) -> String {
        let tiles = images.map { image in
            GalleryView.Tile(
                url: signer.signedPath(id: image.imageID), alt: image.prompt ?? "generated image", prompt: image.prompt,
                operation: image.operation ?? "", seed: image.seed.map { "\($0)" }, resolution: image.resolution,
                price: image.unitPriceMicros.map { Money.format($0) } ?? "—", createdAt: ConsolePage.date(image.createdAt),
                imageID: image.imageID)
        }
        let pager = PagerView(
            newer: offset > 0 ? "/console/gallery?offset=\(max(0, offset - 48))" : nil,
            older: images.count == 48 ? "/console/gallery?offset=\(offset + 48)" : nil)
        return ConsoleTemplates.render(.gallery, GalleryView(images: tiles, hasImages: !tiles.isEmpty, pager: pager))
    }

    // MARK: Redeem

    struct RedeemView {
        var notices: [ConsoleNotice]
        var balance: String
        var csrf: String
    }

    static func redeem(_ v: ConsoleViewer, notice: String? = nil, error: String? = nil) -> String {
        let view = RedeemView(
            notices: ConsoleNotice.list(ok: notice, error: error), balance: Money.format(v.account.balanceMicros), csrf: v.session.csrfToken)
        return ConsoleTemplates.render(.redeem, view)
    }

    // MARK: API examples

    static func baseURL(_ request: Request, publicURL: String?) -> String {
        if let publicURL { return publicURL }
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? "http"
        return "\(scheme)://\(request.head.authority ?? "127.0.0.1:8080")"
    }

    struct APIView {
        var note: String
        var base: String
        var key: String
    }

    static func api(keys: [APIKeyRecord], secret: String?, base: String) -> String {
        let live = keys.last { $0.revokedAt == nil && !$0.isTest && $0.label != ConsoleKeyring.label }
        let key = secret ?? live.map { "\($0.prefix)…your-key" } ?? "sk-…your-key"
        let note = secret != nil
            ? "The examples use the key you created in this session."
            : (live.map { "Replace the key with your full key \($0.prefix)… (secrets are shown only once)." } ?? "Create a key on the Keys page first.")
        return ConsoleTemplates.render(.api, APIView(note: note, base: base, key: key))
    }
}
