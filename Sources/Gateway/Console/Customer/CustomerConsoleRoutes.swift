import Foundation
import Hummingbird
import IdeogramAPI

/// The customer's pages: home (balance and spend chart), keys, usage, gallery, playground,
/// redeeming a code, and the API's curl examples with their own key.
struct CustomerConsoleRoutes {
    let gateway: Ideogate

    /// `group` carries `CustomerSessionMiddleware`: every page here has a signed-in viewer.
    func register(on group: RouterGroup<GatewayContext>) {
        let store = gateway.store
        let signer = gateway.signer
        let cipher = gateway.cipher
        let service = AccountService(store: store)

        group.get("home") { request, context in
            let v = try context.viewer()
            let chart = try await SpendChart.load(store: store, account: v.account)
            let recent = try await store.usage(accountID: v.account.id, limit: 5, offset: 0)
            let welcome = request.uri.queryParameters["welcome"] != nil
            return ConsolePage(title: "Home", area: v.area("home"), body: CustomerPages.home(v, chart: chart, recent: recent, welcome: welcome)).response()
        }

        let settings = OperatorSettings(store: store)

        group.get("keys") { request, context in
            let v = try context.viewer()
            let testKeys = try await settings.value(.consoleTestKeys)
            return ConsolePage(title: "Keys", area: v.area("keys"), body: CustomerPages.keys(v, keys: try await store.keys(accountID: v.account.id), testKeys: testKeys)).response()
        }
        group.post("keys") { request, context in
            let v = try context.viewer()
            let form = try await FormFields.read(request)
            try CSRFGuard.check(form: form, session: v.session)
            let testKeys = try await settings.value(.consoleTestKeys)
            do {
                let test = form["test"] == "on"
                // Test keys render for free; the operator decides whether the console hands them out.
                guard !test || testKeys else { throw Self.testKeysOff }
                let scope = try CustomerPages.scope(from: form)
                let expiry = try form.text("expires_days").map { text -> Date in
                    guard let days = Int(text), (1...3650).contains(days) else {
                        throw GatewayError(.badRequest, "invalid_expiry", "Expiry must be 1 to 3650 days.")
                    }
                    return Date().addingTimeInterval(Double(days) * 86_400)
                }
                let key = try await service.createKey(
                    accountID: v.account.id, label: form.text("label") ?? "default", test: test, expiresAt: expiry, scope: scope)
                try await store.setConsoleSessionSecret(tokenHash: v.session.tokenHash, sealed: try cipher.seal(key.secret))
                let keys = try await store.keys(accountID: v.account.id)
                return ConsolePage(title: "Keys", area: v.area("keys"), body: CustomerPages.keys(v, keys: keys, testKeys: testKeys, created: key)).response(status: .created)
            } catch let error as GatewayError {
                let keys = try await store.keys(accountID: v.account.id)
                return ConsolePage(title: "Keys", area: v.area("keys"), body: CustomerPages.keys(v, keys: keys, testKeys: testKeys, error: error.message)).response(status: error.status)
            }
        }
        group.post("keys/:id/revoke") { request, context in
            let v = try context.viewer()
            let form = try await FormFields.read(request)
            try CSRFGuard.check(form: form, session: v.session)
            let id = try context.pathParameter("id")
            guard let key = try await store.key(id: id), key.accountID == v.account.id else {
                throw GatewayError(.notFound, "key_not_found", "No key \(id) on this account.")
            }
            _ = try await service.revokeKey(id: key.id)
            return ConsolePage.redirect("/console/keys?revoked=\(key.prefix)")
        }

        group.get("usage") { request, context in
            let v = try context.viewer()
            let params = QueryParameters(request)
            var query = UsageQuery()
            query.limit = 100
            query.offset = try params.int("offset", in: 0...1_000_000) ?? 0
            query.accountID = v.account.id
            query.operation = params.string("operation")
            if let status = params.string("status") { query.status = try UsageQuery.StatusFilter(parsing: status) }
            query.since = params.string("since").flatMap(CustomerPages.day)
            query.until = params.string("until").flatMap(CustomerPages.day).map { $0 + 86_400_000 }
            let rows = try await store.usage(query)
            return ConsolePage(title: "Usage", area: v.area("usage"), body: CustomerPages.usage(rows, params: params, offset: query.offset)).response()
        }

        group.get("gallery") { request, context in
            let v = try context.viewer()
            let offset = try QueryParameters(request).int("offset", in: 0...1_000_000) ?? 0
            let images = try await store.galleryImages(accountID: v.account.id, limit: 48, offset: offset)
            return ConsolePage(title: "Gallery", area: v.area("gallery"), body: CustomerPages.gallery(images, signer: signer, offset: offset)).response()
        }

        group.get("playground") { request, context in
            let v = try context.viewer()
            let prices = try await store.prices()
            return ConsolePage(title: "Playground", area: v.area("playground"), body: PlaygroundPage.render(v, prices: prices)).response()
        }

        group.get("redeem") { request, context in
            let v = try context.viewer()
            return ConsolePage(title: "Redeem", area: v.area("redeem"), body: CustomerPages.redeem(v)).response()
        }
        group.post("redeem") { request, context in
            let v = try context.viewer()
            let form = try await FormFields.read(request)
            try CSRFGuard.check(form: form, session: v.session)
            do {
                let (amount, balance) = try await RedemptionCodes(store: store).redeem(form["code"] ?? "", accountID: v.account.id)
                var fresh = v
                fresh.account.balanceMicros = balance
                let message = "Redeemed \(Money.format(amount)). Your balance is now \(Money.format(balance))."
                return ConsolePage(title: "Redeem", area: v.area("redeem"), body: CustomerPages.redeem(fresh, notice: message)).response()
            } catch let error as GatewayError {
                return ConsolePage(title: "Redeem", area: v.area("redeem"), body: CustomerPages.redeem(v, error: error.message)).response(status: error.status)
            }
        }

        group.get("api") { request, context in
            let v = try context.viewer()
            let keys = try await store.keys(accountID: v.account.id)
            let secret = v.session.lastSecretSealed.flatMap { try? cipher.open($0) }
            let base = CustomerPages.baseURL(request, publicURL: gateway.config.publicURL)
            return ConsolePage(title: "API", area: v.area("api"), body: CustomerPages.api(keys: keys, secret: secret, base: base)).response()
        }
    }

    static let testKeysOff = GatewayError(
        .forbidden, "test_keys_disabled", "Test keys are not available on this console. Ask the operator for one, or use a live key.")
}
