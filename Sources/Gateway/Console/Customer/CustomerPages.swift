import HTTPTypes
import Foundation
import Hummingbird
import IdeogramAPI

/// The HTML of the customer's pages. Every value from a person or the database goes through
/// `HTML.escape`.
enum CustomerPages {
    static func home(_ v: ConsoleViewer, chart: SpendChart, recent: [UsageRecord], welcome: Bool) -> String {
        let spent = chart.days.reduce(0) { $0 + $1.spentMicros }
        var out = ""
        if welcome { out += ConsolePage.notice("Welcome! Your account is ready.") }
        out += """
            <section class="stats">
            <div class="stat"><span class="label">Balance</span><span class="value" id="balance">\(Money.format(v.account.balanceMicros))</span></div>
            <div class="stat"><span class="label">Spent, last 30 days</span><span class="value">\(Money.format(spent))</span></div>
            <div class="stat"><span class="label">Account</span><span class="value small">\(HTML.escape(v.account.id))</span></div>
            </section>
            <section class="card"><h2>Spend and balance</h2>\(chart.svg())
            <p class="legend"><span class="swatch bar"></span>spent per day <span class="swatch line"></span>balance at day end</p></section>
            """
        if recent.isEmpty {
            out += """
                <section class="card"><h2>Get started</h2><ol class="steps">
                <li><a href="/console/redeem">Redeem a code</a> to add credit.</li>
                <li><a href="/console/playground">Make an image</a> in the playground, or</li>
                <li><a href="/console/keys">create a key</a> and call the <a href="/console/api">API</a>.</li>
                </ol></section>
                """
        } else {
            out += #"<section class="card"><h2>Recent requests</h2>\#(usageTable(recent))<p><a href="/console/usage">All usage →</a></p></section>"#
        }
        return out
    }

    // MARK: Keys

    /// `testKeys`: whether the operator lets console users make test keys (`console_test_keys`).
    static func keys(
        _ v: ConsoleViewer, keys: [APIKeyRecord], testKeys: Bool, created: AccountService.NewKey? = nil, error: String? = nil
    ) -> String {
        let now = Date().millis
        var out = "<h1>API keys</h1>"
        if let created {
            out += """
                <section class="card secret" id="new-key">
                <h2>Your new key</h2>
                <p>Copy it now: it is shown <strong>once</strong> and only its hash is kept.</p>
                <div class="copyrow"><code id="new-secret">\(HTML.escape(created.secret))</code><button type="button" data-copy="new-secret">Copy</button></div>
                </section>
                """
        }
        out += ConsolePage.notice(error, kind: "error")
        let rows = keys.map { k -> String in
            let status = k.revokedAt != nil ? "revoked" : (k.expiresAt.map { $0 <= now } == true ? "expired" : "active")
            let revoke = status == "active"
                ? #"<form method="post" action="/console/keys/\#(HTML.escape(k.id))/revoke" data-confirm="Revoke \#(HTML.escape(k.prefix))…? Programs using it will stop working.">\#(ConsolePage.csrfField(v.session.csrfToken))<button class="danger small">Revoke</button></form>"#
                : ""
            return """
                <tr><td><code>\(HTML.escape(k.prefix))…</code></td><td>\(HTML.escape(k.label))\(k.isTest ? " <span class=\"tag\">test</span>" : "")\(k.label == ConsoleKeyring.label ? " <span class=\"tag\">playground</span>" : "")</td>
                <td>\(scopeSummary(k.scope))</td><td>\(Money.format(k.spentMicros))</td>
                <td>\(ConsolePage.date(k.createdAt))</td><td>\(k.lastUsedAt.map(ConsolePage.date) ?? "never")</td>
                <td><span class="status \(status)">\(status)</span></td><td>\(revoke)</td></tr>
                """
        }.joined()
        out += """
            <section class="card"><h2>Keys</h2><div class="scroll"><table>
            <thead><tr><th>Key</th><th>Label</th><th>Scope</th><th>Spent</th><th>Created</th><th>Last used</th><th>Status</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table></div></section>
            <section class="card"><h2>Create a key</h2>
            <form method="post" action="/console/keys" class="grid-form" id="create-key">
            \(ConsolePage.csrfField(v.session.csrfToken))
            <label>Label<input name="label" required maxlength="100" placeholder="e.g. website"></label>
            <label>Expires after (days)<input name="expires_days" type="number" min="1" max="3650" placeholder="never"></label>
            <fieldset><legend>Operations (none checked = all)</legend>
            \(IdeogramAPI.Operation.allCases.map { #"<label class="check"><input type="checkbox" name="op_\#($0.rawValue)">\#($0.rawValue)</label>"# }.joined())
            </fieldset>
            <label>Models or speeds (comma-separated, empty = all)<input name="models" placeholder="TURBO, DEFAULT"></label>
            <label>IP ranges (comma-separated, empty = any)<input name="ip_ranges" placeholder="203.0.113.0/24"></label>
            <label>Lifetime spend limit ($)<input name="spend_limit" inputmode="decimal" placeholder="none"></label>
            <label>Daily spend limit ($)<input name="daily_limit" inputmode="decimal" placeholder="none"></label>
            \(testKeys ? #"<label class="check"><input type="checkbox" name="test">Test key (sandbox only, never charged)</label>"# : "")
            <button class="primary" type="submit">Create key</button>
            </form></section>
            """
        return out
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

    static func scopeSummary(_ s: KeyScope) -> String {
        var parts: [String] = []
        if let ops = s.operations { parts.append(ops.joined(separator: ", ")) }
        if let models = s.models { parts.append(models.joined(separator: ", ")) }
        if let ips = s.ipRanges { parts.append("from " + ips.joined(separator: ", ")) }
        if let l = s.spendLimitMicros { parts.append("≤ \(Money.format(l)) total") }
        if let l = s.dailySpendLimitMicros { parts.append("≤ \(Money.format(l))/day") }
        return parts.isEmpty ? #"<span class="muted">everything</span>"# : HTML.escape(parts.joined(separator: "; "))
    }

    // MARK: Usage

    static func usageTable(_ rows: [UsageRecord], showAccount: Bool = false) -> String {
        guard !rows.isEmpty else { return #"<p class="muted empty">No requests yet.</p>"# }
        let body = rows.map { r -> String in
            let ok = (200..<300).contains(r.status)
            return """
                <tr><td>\(ConsolePage.date(r.createdAt))</td>\(showAccount ? "<td><code>\(HTML.escape(r.accountID))</code></td>" : "")
                <td>\(HTML.escape(r.operation))</td><td>\(HTML.escape(r.variant))</td><td>\(r.imagesDelivered)/\(r.imagesRequested)</td>
                <td class="num">\(Money.format(r.chargedMicros))</td>
                <td><span class="status \(ok ? "active" : "revoked")">\(r.status)\(r.errorCode.map { " " + HTML.escape($0) } ?? "")</span></td>
                <td class="num">\(r.latencyMillis) ms</td><td><code class="small">\(HTML.escape(r.requestID))</code></td></tr>
                """
        }.joined()
        return """
            <div class="scroll"><table class="usage"><thead><tr><th>Time</th>\(showAccount ? "<th>Account</th>" : "")<th>Operation</th><th>Variant</th><th>Images</th>
            <th>Charged</th><th>Status</th><th>Latency</th><th>Request</th></tr></thead><tbody>\(body)</tbody></table></div>
            """
    }

    static func usageFilters(_ params: QueryParameters, action: String, extra: String = "") -> String {
        let ops = [""] + IdeogramAPI.Operation.allCases.map(\.rawValue)
        let chosen = params.string("operation") ?? ""
        let status = params.string("status") ?? ""
        return """
            <form method="get" action="\(action)" class="filters">
            \(extra)
            <label>Operation<select name="operation">\(ops.map { #"<option value="\#($0)"\#($0 == chosen ? " selected" : "")>\#($0.isEmpty ? "any" : $0)</option>"# }.joined())</select></label>
            <label>Status<select name="status">\([("", "any"), ("ok", "succeeded"), ("error", "failed")].map { #"<option value="\#($0.0)"\#($0.0 == status ? " selected" : "")>\#($0.1)</option>"# }.joined())</select></label>
            <label>From<input type="date" name="since" value="\(HTML.escape(params.string("since")))"></label>
            <label>To<input type="date" name="until" value="\(HTML.escape(params.string("until")))"></label>
            <button type="submit">Filter</button>
            </form>
            """
    }

    static func usage(_ rows: [UsageRecord], params: QueryParameters, offset: Int) -> String {
        "<h1>Usage</h1>" + usageFilters(params, action: "/console/usage")
            + #"<section class="card">\#(usageTable(rows))\#(pager("/console/usage", params: params, offset: offset, count: rows.count, page: 100))</section>"#
    }

    static func pager(_ path: String, params: QueryParameters, offset: Int, count: Int, page: Int) -> String {
        var query = ["operation", "status", "since", "until", "account_id"].compactMap { name in
            params.string(name).map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        }
        var links: [String] = []
        if offset > 0 {
            query.append("offset=\(max(0, offset - page))")
            links.append(#"<a href="\#(path)?\#(HTML.escape(query.joined(separator: "&")))">← Newer</a>"#)
            query.removeLast()
        }
        if count == page {
            query.append("offset=\(offset + page)")
            links.append(#"<a href="\#(path)?\#(HTML.escape(query.joined(separator: "&")))">Older →</a>"#)
        }
        return links.isEmpty ? "" : #"<p class="pager">\#(links.joined(separator: " "))</p>"#
    }

    /// `2026-01-31` as the millis of that day's start (UTC).
    static func day(_ text: String) -> Millis? {
        try? Timestamp.parse(text + "T00:00:00Z", field: "day")
    }

    // MARK: Gallery

    static func gallery(_ images: [GalleryImage], signer: URLSigner, offset: Int) -> String {
        var out = "<h1>Gallery</h1>"
        guard !images.isEmpty else {
            return out + #"<section class="card"><p class="muted empty">No images yet. <a href="/console/playground">Make one in the playground</a>.</p></section>"#
        }
        out += #"<section class="gallery">"#
        for image in images {
            let url = HTML.escape(signer.signedPath(id: image.imageID))
            let price = image.unitPriceMicros.map { Money.format($0) } ?? "—"
            let prompt = image.prompt.map { HTML.escape($0) } ?? #"<span class="muted">made through the API</span>"#
            out += """
                <figure class="tile"><a href="\(url)"><img src="\(url)" loading="lazy" alt="\(HTML.escape(image.prompt ?? "generated image"))"></a>
                <figcaption><p class="prompt">\(prompt)</p>
                <p class="meta">\(HTML.escape(image.operation ?? ""))\(image.seed.map { " · seed \($0)" } ?? "")\(image.resolution.map { " · " + HTML.escape($0) } ?? "") · \(price)/image</p>
                <p class="meta">\(ConsolePage.date(image.createdAt)) · <a href="\(url)" download="\(HTML.escape(image.imageID)).png">Download</a></p></figcaption></figure>
                """
        }
        out += "</section>"
        var links: [String] = []
        if offset > 0 { links.append(#"<a href="/console/gallery?offset=\#(max(0, offset - 48))">← Newer</a>"#) }
        if images.count == 48 { links.append(#"<a href="/console/gallery?offset=\#(offset + 48)">Older →</a>"#) }
        if !links.isEmpty { out += #"<p class="pager">\#(links.joined(separator: " "))</p>"# }
        return out
    }

    // MARK: Redeem

    static func redeem(_ v: ConsoleViewer, notice: String? = nil, error: String? = nil) -> String {
        """
        <h1>Redeem a code</h1>
        \(ConsolePage.notice(notice))\(ConsolePage.notice(error, kind: "error"))
        <section class="card narrow">
        <p>Balance: <strong id="balance">\(Money.format(v.account.balanceMicros))</strong></p>
        <form method="post" action="/console/redeem" class="stack" id="redeem-form">
        \(ConsolePage.csrfField(v.session.csrfToken))
        <label>Code<input name="code" required autocomplete="off" placeholder="IDG-XXXX-XXXX-XXXX"></label>
        <button class="primary" type="submit">Redeem</button>
        </form></section>
        """
    }

    // MARK: API examples

    static func baseURL(_ request: Request, publicURL: String?) -> String {
        if let publicURL { return publicURL }
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? "http"
        return "\(scheme)://\(request.head.authority ?? "127.0.0.1:8080")"
    }

    static func api(keys: [APIKeyRecord], secret: String?, base: String) -> String {
        let live = keys.last { $0.revokedAt == nil && !$0.isTest && $0.label != ConsoleKeyring.label }
        let key = secret ?? live.map { "\($0.prefix)…your-key" } ?? "sk-…your-key"
        let note = secret != nil
            ? "The examples use the key you created in this session."
            : (live != nil ? "Replace the key with your full key \(live!.prefix)… (secrets are shown only once)." : "Create a key on the Keys page first.")
        let b = base
        let examples: [(String, String)] = [
            ("Generate (Ideogram 3.0)", """
            curl -X POST \(b)/ideogram/v1/ideogram-v3/generate \\
              -H "Api-Key: \(key)" \\
              -F prompt="A lighthouse at dusk" -F rendering_speed="TURBO" -F num_images="1"
            """),
            ("Remix", """
            curl -X POST \(b)/ideogram/v1/ideogram-v3/remix -H "Api-Key: \(key)" \\
              -F prompt="watercolor" -F image_weight="50" -F image=@in.png
            """),
            ("Edit with a mask (black = edit)", """
            curl -X POST \(b)/ideogram/v1/ideogram-v3/edit -H "Api-Key: \(key)" \\
              -F prompt="a red balloon" -F rendering_speed="DEFAULT" -F image=@photo.png -F mask=@mask.png
            """),
            ("Upscale", """
            curl -X POST \(b)/ideogram/upscale -H "Api-Key: \(key)" -F image_request='{}' -F image_file=@in.png
            """),
            ("Describe", """
            curl -X POST \(b)/ideogram/describe -H "Api-Key: \(key)" -F image_file=@in.png
            """),
            ("See the price first (nothing is charged)", """
            curl -X POST "\(b)/ideogram/v1/ideogram-v3/generate?dry_run=true" -H "Api-Key: \(key)" -F prompt="an owl"
            """),
            ("Balance and usage", """
            curl \(b)/account/v1/balance -H "Api-Key: \(key)"
            curl "\(b)/account/v1/usage?limit=10" -H "Api-Key: \(key)"
            """),
        ]
        var out = "<h1>Use the API</h1>"
        out += #"<p class="muted">\#(HTML.escape(note)) Every response carries <code>X-Ideogate-Charged-Micros</code>, what the request cost in millionths of a dollar.</p>"#
        for (i, (title, code)) in examples.enumerated() {
            out += #"<section class="card"><h2>\#(HTML.escape(title))</h2><div class="copyrow"><pre id="ex\#(i)">\#(HTML.escape(code))</pre><button type="button" data-copy="ex\#(i)">Copy</button></div></section>"#
        }
        return out
    }
}
