import Foundation
import IdeogramAPI

/// The HTML of the operator's pages. Every stored value goes through `HTML.escape`.
enum AdminPages {
    static func overview() -> String {
        let charts = [("requests", "Requests"), ("images", "Images"), ("revenue", "Revenue"), ("errors", "Errors")]
        return """
            <h1>Live overview <span class="muted small">last 60 minutes, per minute</span></h1>
            <section class="stats" id="overview" data-src="/console/admin/overview.json">
            \(charts.map { id, name -> String in #"<div class="stat"><span class="label">\#(name)</span><span class="value" id="total-\#(id)">…</span><svg class="spark" id="spark-\#(id)" viewBox="0 0 300 60" preserveAspectRatio="none" aria-label="\#(name) per minute"></svg></div>"# }.joined())
            </section>
            <section class="card"><p class="muted">In progress: <strong id="inflight">…</strong> images · queue <strong id="queue">…</strong> · updated <span id="updated">…</span> (every 5 s)</p></section>
            """
    }

    static func accounts(_ accounts: [Account], tiers: [Tier], csrf: String) -> String {
        let tierOptions = { (chosen: String) in
            tiers.map { #"<option\#($0.name == chosen ? " selected" : "")>\#(HTML.escape($0.name))</option>"# }.joined()
        }
        let rows = accounts.reversed().map { a -> String in
            let id = HTML.escape(a.id)
            return """
                <tr><td>\(HTML.escape(a.name))<br><code class="small">\(id)</code></td>
                <td class="num">\(Money.format(a.balanceMicros))</td>
                <td><form method="post" action="/console/admin/accounts/\(id)/update" class="inline">\(ConsolePage.csrfField(csrf))
                <select name="tier">\(tierOptions(a.tier))</select><button class="small">Set</button></form></td>
                <td><form method="post" action="/console/admin/accounts/\(id)/adjust" class="inline">\(ConsolePage.csrfField(csrf))
                <input type="hidden" name="nonce" value="\(KeySecret.randomToken(length: 16))">
                <select name="direction"><option value="credit">credit</option><option value="debit">debit</option></select>
                <input name="amount" inputmode="decimal" placeholder="$" required size="6"><input name="memo" placeholder="memo" size="10">
                <button class="small">Apply</button></form></td>
                <td><form method="post" action="/console/admin/accounts/\(id)/update" class="inline">\(ConsolePage.csrfField(csrf))
                <input type="hidden" name="disabled" value="\(a.disabledAt == nil ? "true" : "false")">
                <button class="small\(a.disabledAt == nil ? " danger" : "")">\(a.disabledAt == nil ? "Disable" : "Enable")</button></form></td></tr>
                """
        }.joined()
        let tierRows = tiers.map { #"<tr><td>\#(HTML.escape($0.name))</td><td class="num">\#(String(format: "%.2f", Double($0.multiplierPPM) / 10_000))%</td></tr>"# }.joined()
        return """
            <h1>Accounts</h1>
            <section class="card"><div class="scroll"><table><thead><tr><th>Account</th><th>Balance</th><th>Tier</th><th>Credit / debit</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table></div></section>
            <div class="two">
            <section class="card"><h2>New account</h2><form method="post" action="/console/admin/accounts" class="stack">\(ConsolePage.csrfField(csrf))
            <label>Name<input name="name" required maxlength="200"></label>
            <label>Tier<select name="tier">\(tierOptions("default"))</select></label>
            <label>Opening credit ($)<input name="credit" inputmode="decimal" value="0"></label>
            <button class="primary">Create</button></form></section>
            <section class="card"><h2>Tiers</h2><table><thead><tr><th>Tier</th><th>Of list price</th></tr></thead><tbody>\(tierRows)</tbody></table>
            <form method="post" action="/console/admin/tiers" class="inline">\(ConsolePage.csrfField(csrf))
            <input name="name" placeholder="tier name" required><input name="percent" inputmode="decimal" placeholder="% e.g. 80" required size="6">
            <button class="small">Save tier</button></form></section>
            </div>
            """
    }

    static func codes(_ codes: [RedemptionCode], created: RedemptionCodes.Batch?, csrf: String) -> String {
        var out = "<h1>Redemption codes</h1>"
        if let created {
            out += """
                <section class="card secret" id="new-codes"><h2>\(created.codes.count) new codes worth \(Money.format(created.amountMicros)) each</h2>
                <p>Copy them now: they are shown <strong>once</strong>.</p>
                <div class="copyrow"><pre id="codes-list">\(created.codes.map { HTML.escape($0) }.joined(separator: "\n"))</pre><button type="button" data-copy="codes-list">Copy</button></div></section>
                """
        }
        let rows = codes.map { c -> String in
            let state = c.redeemedAt != nil ? "redeemed" : (c.expiresAt.map { $0 <= Date().millis } == true ? "expired" : "open")
            return """
                <tr><td><code>\(HTML.escape(c.prefix))…</code></td><td><code class="small">\(HTML.escape(c.batch))</code></td><td class="num">\(Money.format(c.amountMicros))</td>
                <td><span class="status \(state == "open" ? "active" : "revoked")">\(state)</span>\(c.redeemedBy.map { #" <code class="small">\#(HTML.escape($0))</code>"# } ?? "")</td>
                <td>\(ConsolePage.date(c.createdAt))</td><td>\(c.expiresAt.map(ConsolePage.date) ?? "never")</td><td>\(HTML.escape(c.memo))</td></tr>
                """
        }.joined()
        out += """
            <section class="card"><h2>Create a batch</h2><form method="post" action="/console/admin/codes" class="grid-form" id="codes-form">\(ConsolePage.csrfField(csrf))
            <label>How many<input name="count" type="number" min="1" max="1000" value="1" required></label>
            <label>Amount each ($)<input name="amount" inputmode="decimal" required placeholder="5"></label>
            <label>Expires after (days)<input name="expires_days" type="number" min="1" max="3650" placeholder="never"></label>
            <label>Memo<input name="memo" maxlength="200"></label>
            <button class="primary">Create codes</button></form></section>
            <section class="card"><h2>Latest codes</h2><div class="scroll"><table><thead><tr><th>Code</th><th>Batch</th><th>Amount</th><th>State</th><th>Created</th><th>Expires</th><th>Memo</th></tr></thead>
            <tbody>\(rows)</tbody></table></div></section>
            """
        return out
    }

    static func prices(_ prices: [PriceEntry], csrf: String) -> String {
        let rows = prices.sorted { ($0.operation, $0.variant) < ($1.operation, $1.variant) }.map { p -> String in
            let id = "price-\(p.operation)-\(p.variant)".replacingOccurrences(of: "*", with: "any").replacingOccurrences(of: ".", with: "-")
            return """
                <tr id="\(HTML.escape(id))"><td>\(HTML.escape(p.operation))</td><td>\(HTML.escape(p.variant))</td><td class="num price">\(Money.format(p.micros))</td>
                <td><form method="post" action="/console/admin/prices" class="inline">\(ConsolePage.csrfField(csrf))
                <input type="hidden" name="operation" value="\(HTML.escape(p.operation))"><input type="hidden" name="variant" value="\(HTML.escape(p.variant))">
                <input name="price" inputmode="decimal" size="7" required value="\(Money.format(p.micros).dropFirst())" aria-label="New price for \(HTML.escape(p.operation)) \(HTML.escape(p.variant))">
                <button class="small">Save</button></form></td></tr>
                """
        }.joined()
        let ops = IdeogramAPI.Operation.allCases.map { #"<option>\#($0.rawValue)</option>"# }.joined()
        return """
            <h1>Prices <span class="muted small">per output image (per request for describe); changes apply to the next request</span></h1>
            <section class="card"><div class="scroll"><table><thead><tr><th>Operation</th><th>Variant</th><th>Price</th><th>Change</th></tr></thead><tbody>\(rows)</tbody></table></div></section>
            <section class="card"><h2>Add a price</h2><form method="post" action="/console/admin/prices" class="inline">\(ConsolePage.csrfField(csrf))
            <select name="operation">\(ops)</select><input name="variant" placeholder="variant, e.g. QUALITY or *" required><input name="price" inputmode="decimal" placeholder="$" required size="7">
            <button class="small">Save</button></form></section>
            """
    }

    static func channels(
        _ channels: [UpstreamChannel], live: [ChannelStatus], queue: Int?, ratios: [String: (Int, Int)],
        hint: (UpstreamChannel) -> String?, csrf: String
    ) -> String {
        let rows = channels.map { c -> String in
            let status = live.first { $0.channel.id == c.id }
            let state = !c.enabled ? "disabled" : (status?.breaker == "closed" || status == nil ? "healthy" : status!.breaker.replacingOccurrences(of: "_", with: "-"))
            let (total, failed) = ratios[c.name] ?? (0, 0)
            let ratio = total == 0 ? "—" : String(format: "%.0f%% of %d", Double(failed) / Double(total) * 100, total)
            let id = HTML.escape(c.id)
            let toggle = c.enabled
                ? #"<form method="post" action="/console/admin/channels/\#(id)/disable" class="inline">\#(ConsolePage.csrfField(csrf))<button class="small danger">Disable</button></form>"#
                : #"<form method="post" action="/console/admin/channels/\#(id)/enable" class="inline">\#(ConsolePage.csrfField(csrf))<button class="small">Enable</button></form>"#
            return """
                <tr><td><strong>\(HTML.escape(c.name))</strong><br><span class="muted small">\(HTML.escape(c.kind.rawValue))\(hint(c).map { " · key " + HTML.escape($0) } ?? "")</span></td>
                <td><span class="status \(state == "healthy" ? "active" : "revoked")">\(state)</span>\(c.disabledReason.map { #"<br><span class="muted small">\#(HTML.escape($0))</span>"# } ?? "")</td>
                <td class="num">\(status?.inflightImages ?? 0) / \(c.maxInflightImages)</td><td class="num">\(c.priority) / \(c.weight)</td><td class="num">\(ratio)</td>
                <td>\(toggle)<form method="post" action="/console/admin/channels/\(id)/test" class="inline">\(ConsolePage.csrfField(csrf))<button class="small">Test</button></form></td></tr>
                """
        }.joined()
        return """
            <h1>Channels</h1>
            <p class="muted">Queue: <strong>\(queue.map(String.init) ?? "—")</strong> requests waiting for image slots. Error ratio over the last hour.</p>
            <section class="card"><div class="scroll"><table><thead><tr><th>Channel</th><th>State</th><th>In flight</th><th>Priority / weight</th><th>Errors</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table></div></section>
            <p class="muted small">Add channels and keys with <code>ideogate channel add</code> or <code>POST /admin/v1/channels</code>.</p>
            """
    }

    static func usage(_ rows: [UsageRecord], params: QueryParameters, offset: Int) -> String {
        var csvQuery = ["operation", "status", "since", "until", "account_id"].compactMap { name in
            params.string(name).map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        }.joined(separator: "&")
        if !csvQuery.isEmpty { csvQuery = "?" + csvQuery }
        let account = #"<label>Account<input name="account_id" value="\#(HTML.escape(params.string("account_id")))" placeholder="acct_…"></label>"#
        return "<h1>Usage</h1>" + CustomerPages.usageFilters(params, action: "/console/admin/usage", extra: account)
            + #"<p><a class="button" href="/console/admin/usage.csv\#(HTML.escape(csvQuery))" download>Export CSV</a></p>"#
            + #"<section class="card">\#(CustomerPages.usageTable(rows, showAccount: true))\#(CustomerPages.pager("/console/admin/usage", params: params, offset: offset, count: rows.count, page: 100))</section>"#
    }

    static func settings(signUp: Bool, testKeys: Bool, welcome: Int64, csrf: String) -> String {
        """
        <h1>Console settings</h1>
        <section class="card narrow"><form method="post" action="/console/admin/settings" class="stack">\(ConsolePage.csrfField(csrf))
        <label class="check"><input type="checkbox" name="signup"\(signUp ? " checked" : "")>Anyone may sign up on /console</label>
        <label class="check"><input type="checkbox" name="test_keys"\(testKeys ? " checked" : "")>Console users may make test keys (free sandbox renders, limited per account)</label>
        <label>Welcome credit for new sign-ups ($)<input name="welcome" inputmode="decimal" value="\(Money.format(welcome).dropFirst())"></label>
        <button class="primary">Save</button></form>
        <p class="muted small">Also: <code>ideogate settings set console-signup false</code> or <code>PATCH /admin/v1/settings {"console_signup": false}</code>.</p></section>
        """
    }
}
