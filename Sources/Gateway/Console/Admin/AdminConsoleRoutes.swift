import HTTPTypes
import Foundation
import Hummingbird
import IdeogramAPI
import NIOCore

/// The operator's pages under `/console/admin`, behind a session opened with the admin token.
/// They call the same services as the admin API (AccountService, PriceBook, RedemptionCodes,
/// ChannelService), so a rule is checked in one place whichever surface changes something.
struct AdminConsoleRoutes {
    let gateway: Ideogate
    let sessions: ConsoleSessions

    func register(on parent: RouterGroup<GatewayContext>) {
        let store = gateway.store
        let sessions = self.sessions
        let group = parent.group("admin")
        // Everything but signing in needs the operator's session.
        let signedIn = group.group().add(middleware: OperatorSessionMiddleware(sessions: sessions))
        let service = AccountService(store: store)
        let channelService = ChannelService(store: store, cipher: gateway.cipher)
        let router = gateway.channels

        @Sendable func form(_ request: Request, _ session: ConsoleSessionRecord) async throws -> FormFields {
            let fields = try await FormFields.read(request)
            try CSRFGuard.check(form: fields, session: session)
            return fields
        }
        @Sendable func page(_ title: String, _ active: String, _ session: ConsoleSessionRecord, _ body: String, status: HTTPResponse.Status = .ok) -> Response {
            ConsolePage(title: title, area: .admin(csrf: session.csrfToken, active: active), body: body).response(status: status)
        }
        /// Runs a change; a refusal is shown on the page it came from instead of an error page.
        @Sendable func attempt(_ back: String, _ body: () async throws -> String) async throws -> Response {
            do {
                let message = try await body()
                return ConsolePage.redirect(back + (back.contains("?") ? "&" : "?") + "ok=" + Self.queryEscape(message))
            } catch let error as GatewayError {
                return ConsolePage.redirect(back + (back.contains("?") ? "&" : "?") + "error=" + Self.queryEscape(error.message))
            }
        }
        /// The outcome `attempt` put in the redirect's query.
        @Sendable func notices(_ request: Request) -> [ConsoleNotice] {
            let q = request.uri.queryParameters
            return ConsoleNotice.list(ok: q["ok"].map(String.init), error: q["error"].map(String.init))
        }

        group.get("signin") { request, _ in
            signInPage(request, error: nil)
        }
        group.post("signin") { request, _ in
            let fields = try await FormFields.read(request)
            try CSRFGuard.checkPreSession(form: fields, request: request)
            let token = (fields["token"] ?? "").trimmingCharacters(in: .whitespaces)
            guard try await AdminToken.matches(token, store: store) else {
                return signInPage(request, error: AdminAuthMiddleware.refusal)
            }
            let started = try await sessions.start(userID: nil, isAdmin: true, request: request)
            return ConsolePage.redirect("/console/admin", cookies: [started.cookie])
        }
        signedIn.post("signout") { request, context in
            let session = try context.operatorSession()
            _ = try await form(request, session)
            return ConsolePage.redirect("/console/admin/signin", cookies: [try await sessions.end(request, admin: true)])
        }

        signedIn.get { request, context in
            let session = try context.operatorSession()
            return page("Overview", "", session, AdminPages.overview())
        }
        signedIn.get("overview.json") { request, context in
            let now = Date().millis
            let minute: Millis = 60_000
            let start = (now / minute - 59) * minute
            let buckets = try await store.usageBuckets(accountID: nil, since: start, bucketMillis: minute)
            var queue: Int? = nil
            var inflight = 0
            if let router {
                queue = await router.queueDepth()
                inflight = await router.status().reduce(0) { $0 + $1.inflightImages }
            }
            return try Response.json(OverviewView(buckets: buckets, start: start, queue: queue, inflight: inflight))
        }

        signedIn.get("accounts") { request, context in
            let session = try context.operatorSession()
            let accounts = try await store.accounts()
            let tiers = try await store.tiers()
            return page("Accounts", "accounts", session, AdminPages.accounts(accounts, tiers: tiers, csrf: session.csrfToken, notices: notices(request)))
        }
        signedIn.post("accounts") { request, context in
            let session = try context.operatorSession()
            let f = try await form(request, session)
            return try await attempt("/console/admin/accounts") {
                let credit = try Self.dollars(f.text("credit") ?? "0", allowZero: true)
                let account = try await service.openAccount(name: f["name"] ?? "", tier: f.text("tier") ?? "default", creditMicros: credit)
                return "Created \(account.name) (\(account.id))."
            }
        }
        signedIn.post("accounts/:id/adjust") { request, context in
            let session = try context.operatorSession()
            let f = try await form(request, session)
            let id = try context.pathParameter("id")
            return try await attempt("/console/admin/accounts") {
                let amount = try Self.dollars(f["amount"] ?? "", allowZero: false)
                let signed = f["direction"] == "debit" ? -amount : amount
                let balance = try await service.move(accountID: id, amount: signed, memo: f.text("memo") ?? "console", idempotencyKey: f.text("nonce"))
                return "\(signed > 0 ? "Credited" : "Debited") \(Money.format(amount)); balance \(Money.format(balance))."
            }
        }
        signedIn.post("accounts/:id/update") { request, context in
            let session = try context.operatorSession()
            let f = try await form(request, session)
            let id = try context.pathParameter("id")
            return try await attempt("/console/admin/accounts") {
                let account = try await service.updateAccount(id: id, tier: f.text("tier"), disabled: f["disabled"].map { $0 == "true" })
                return "Updated \(account.name)."
            }
        }
        signedIn.post("tiers") { request, context in
            let session = try context.operatorSession()
            let f = try await form(request, session)
            return try await attempt("/console/admin/accounts") {
                guard let percent = f.text("percent").flatMap(Double.init), percent > 0 else {
                    throw GatewayError(.badRequest, "invalid_multiplier", "The price percentage must be a number above zero (100 = list price).")
                }
                let tier = try await PriceBook(store: store).setTier(name: f.text("name") ?? "", multiplierPPM: Int64((percent * 10_000).rounded()))
                return "Tier \(tier.name) is at \(percent)% of list price."
            }
        }

        signedIn.get("codes") { request, context in
            let session = try context.operatorSession()
            let codes = try await store.redemptionCodes(batch: nil, limit: 200, offset: 0)
            return page("Codes", "codes", session, AdminPages.codes(codes, created: nil, csrf: session.csrfToken, notices: notices(request)))
        }
        signedIn.post("codes") { request, context in
            let session = try context.operatorSession()
            let f = try await form(request, session)
            do {
                guard let count = f.text("count").flatMap(Int.init) else {
                    throw GatewayError(.badRequest, "invalid_count", "How many codes? A number from 1 to 1000.")
                }
                let amount = try Self.dollars(f["amount"] ?? "", allowZero: false)
                let expires = try f.text("expires_days").map { text -> Millis in
                    guard let days = Int(text), (1...3650).contains(days) else {
                        throw GatewayError(.badRequest, "invalid_expiry", "Expiry must be 1 to 3650 days.")
                    }
                    return Date().millis + Millis(days) * 86_400_000
                }
                let batch = try await RedemptionCodes(store: store).createBatch(count: count, amountMicros: amount, expiresAt: expires, memo: f.text("memo"))
                let codes = try await store.redemptionCodes(batch: nil, limit: 200, offset: 0)
                return page("Codes", "codes", session, AdminPages.codes(codes, created: batch, csrf: session.csrfToken), status: .created)
            } catch let error as GatewayError {
                let codes = try await store.redemptionCodes(batch: nil, limit: 200, offset: 0)
                return page("Codes", "codes", session, AdminPages.codes(codes, created: nil, csrf: session.csrfToken, notices: ConsoleNotice.list(error: error.message)), status: error.status)
            }
        }

        signedIn.get("prices") { request, context in
            let session = try context.operatorSession()
            return page("Prices", "prices", session, AdminPages.prices(try await store.prices(), csrf: session.csrfToken, notices: notices(request)))
        }
        signedIn.post("prices") { request, context in
            let session = try context.operatorSession()
            let f = try await form(request, session)
            return try await attempt("/console/admin/prices") {
                let micros = try Self.dollars(f["price"] ?? "", allowZero: true)
                let entry = try await PriceBook(store: store).setPrice(operation: f["operation"] ?? "", variant: f["variant"] ?? "", micros: micros)
                return "\(entry.operation) \(entry.variant) now costs \(Money.format(entry.micros))."
            }
        }

        signedIn.get("channels") { request, context in
            let session = try context.operatorSession()
            let live = await router?.status() ?? []
            let queue = await router?.queueDepth()
            let since = Date().millis - 3_600_000
            var ratios: [String: (Int, Int)] = [:]
            var q = UsageQuery()
            q.since = since
            q.limit = 5000
            for row in try await store.usage(q) where row.channel != nil {
                var r = ratios[row.channel!] ?? (0, 0)
                r.0 += 1
                if !(200..<300).contains(row.status) { r.1 += 1 }
                ratios[row.channel!] = r
            }
            let channels = try await store.channels()
            return page("Channels", "channels", session, AdminPages.channels(
                channels, live: live, queue: queue, ratios: ratios, hint: channelService.keyHint, csrf: session.csrfToken,
                notices: notices(request)))
        }
        signedIn.post("channels/:id/:action") { request, context in
            let session = try context.operatorSession()
            let f = try await form(request, session)
            let id = try context.pathParameter("id")
            let action = try context.pathParameter("action")
            return try await attempt("/console/admin/channels") {
                try await ChannelAdminRoutes.run {
                    switch action {
                    case "enable":
                        let c = try await channelService.setEnabled(id, true)
                        try await router?.reload()
                        return "Enabled \(c.name)."
                    case "disable":
                        let c = try await channelService.setEnabled(id, false, reason: f.text("reason") ?? "disabled in the console")
                        try await router?.reload()
                        return "Disabled \(c.name)."
                    case "test":
                        let pool = HTTPClientPool()
                        let result = try await channelService.test(id, clients: pool)
                        await pool.shutdown()
                        return "Test: \(result.ok ? "ok" : "failed")\(result.status.map { " \($0)" } ?? "") — \(result.detail)"
                    default:
                        throw GatewayError(.notFound, "not_found", "No such channel action.")
                    }
                }
            }
        }

        signedIn.get("usage") { request, context in
            let session = try context.operatorSession()
            let params = QueryParameters(request)
            let query = try Self.usageQuery(params)
            let rows = try await store.usage(query)
            return page("Usage", "usage", session, AdminPages.usage(rows, params: params, offset: query.offset))
        }
        signedIn.get("usage.csv") { request, context in
            var query = try Self.usageQuery(QueryParameters(request))
            query.offset = 0
            query.until = min(query.until ?? .max, Date().millis + 1)
            var out = UsageCSV.headerLine()
            while true {
                query.limit = 1000
                let rows = try await store.usage(query)
                out += rows.map(UsageCSV.line).joined()
                guard rows.count == query.limit, let last = rows.last else { break }
                query.after = UsageQuery.Cursor(createdAt: last.createdAt, requestID: last.requestID)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"usage.csv\"", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: out)))
        }

        signedIn.get("settings") { request, context in
            let session = try context.operatorSession()
            let signUp = try await OperatorSettings(store: store).value(.consoleSignUp)
            let testKeys = try await OperatorSettings(store: store).value(.consoleTestKeys)
            let welcome = Int64(try await store.setting(ConsoleAccounts.welcomeCreditSetting) ?? "") ?? 0
            return page("Settings", "settings", session, AdminPages.settings(signUp: signUp, testKeys: testKeys, welcome: welcome, csrf: session.csrfToken, notices: notices(request)))
        }
        signedIn.post("settings") { request, context in
            let session = try context.operatorSession()
            let f = try await form(request, session)
            return try await attempt("/console/admin/settings") {
                let welcome = try Self.dollars(f.text("welcome") ?? "0", allowZero: true)
                try await OperatorSettings(store: store).set(OperatorSettings.Name.consoleSignUp.rawValue, to: f["signup"] == "on")
                try await OperatorSettings(store: store).set(OperatorSettings.Name.consoleTestKeys.rawValue, to: f["test_keys"] == "on")
                try await store.setSetting(ConsoleAccounts.welcomeCreditSetting, value: String(welcome))
                return "Saved."
            }
        }
    }

    func signInPage(_ request: Request, error: GatewayError?) -> Response {
        let (token, isNew) = CSRFGuard.preSessionToken(request)
        let view = AdminPages.SignInView(notices: ConsoleNotice.list(error: error?.message), csrf: token)
        let cookie = isNew ? [sessions.cookies.make(name: CSRFGuard.preCookie, value: token, path: "/console", maxAge: 86_400, request: request)] : []
        return ConsolePage(title: "Operator sign-in", area: .none, template: .adminSignIn, view: view).response(status: error?.status ?? .ok, cookies: cookie)
    }

    static func usageQuery(_ params: QueryParameters) throws -> UsageQuery {
        var query = UsageQuery()
        query.limit = 100
        query.offset = try params.int("offset", in: 0...1_000_000) ?? 0
        query.accountID = params.string("account_id")
        query.operation = params.string("operation")
        if let status = params.string("status") { query.status = try UsageQuery.StatusFilter(parsing: status) }
        query.since = params.string("since").flatMap(CustomerPages.day)
        query.until = params.string("until").flatMap(CustomerPages.day).map { $0 + 86_400_000 }
        return query
    }

    static func dollars(_ text: String, allowZero: Bool) throws -> Int64 {
        guard let micros = Money.parse(text), micros > 0 || (allowZero && micros == 0) else {
            throw GatewayError(.badRequest, "invalid_amount", "Enter a dollar amount\(allowZero ? "" : " above zero"), like 5 or 0.06.")
        }
        return micros
    }

    static func queryEscape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    struct OverviewView: Encodable {
        struct Minute: Encodable {
            var t: String
            var requests: Int
            var images: Int
            var revenueMicros: Int64
            var errors: Int
        }
        var minutes: [Minute]
        var requests: Int
        var images: Int
        var revenueMicros: Int64
        var revenue: String
        var errors: Int
        var queue: Int?
        var inflightImages: Int

        init(buckets: [UsageBucket], start: Millis, queue: Int?, inflight: Int) {
            let byStart = Dictionary(buckets.map { ($0.start, $0) }, uniquingKeysWith: { a, _ in a })
            minutes = (0..<60).map { i in
                let s = start + Millis(i) * 60_000
                let b = byStart[s] ?? UsageBucket(start: s)
                return Minute(t: String(Timestamp.string(s).dropFirst(11).prefix(5)), requests: b.requests, images: b.images, revenueMicros: b.revenueMicros, errors: b.errors)
            }
            requests = buckets.reduce(0) { $0 + $1.requests }
            images = buckets.reduce(0) { $0 + $1.images }
            revenueMicros = buckets.reduce(0) { $0 + $1.revenueMicros }
            revenue = Money.format(revenueMicros)
            errors = buckets.reduce(0) { $0 + $1.errors }
            self.queue = queue
            inflightImages = inflight
        }
    }
}
