import Foundation
import Hummingbird

/// What an account holder does with their own API key under `/account/v1`: read the balance
/// and usage, manage keys, redeem a code. The key's IP scope applies here as everywhere.
struct CustomerRoutes {
    let store: any GatewayStore
    /// Key lookups go through the gateway's catalogue cache, as on the request path.
    let catalog: any CatalogStore

    func register(on router: Router<GatewayContext>) {
        let store = self.store
        let authenticator = Authenticator(store: catalog)
        let service = AccountService(store: store)
        let codes = RedemptionCodes(store: store)
        let group = router.group("account/v1").add(middleware: APIKeyMiddleware(authenticator: authenticator))

        group.get("balance") { request, context -> Response in
            let caller = try context.admittedCaller()
            // The authenticated account may come from the catalogue cache; the balance must not.
            let account = try await store.account(id: caller.account.id) ?? caller.account
            return try Response.json(BalanceView(
                accountId: account.id, name: account.name, tier: account.tier,
                balanceMicros: account.balanceMicros, balance: Money.format(account.balanceMicros),
                key: KeyView(caller.key, now: Date().millis)))
        }

        group.get("usage") { request, context -> Response in
            let caller = try context.admittedCaller()
            var query = try QueryParameters(request).usageQuery()
            // Only ever the caller's own rows, whatever the query says.
            query.accountID = caller.account.id
            return try Response.json(UsagePage(try await store.usage(query), query: query))
        }

        group.get("keys") { request, context -> Response in
            let caller = try context.admittedCaller()
            let now = Date().millis
            return try Response.json(ListPage(data: try await store.keys(accountID: caller.account.id).map { KeyView($0, now: now) }))
        }

        group.post("keys") { request, context -> Response in
            let caller = try context.admittedCaller()
            let body = try await JSONBody.decode(
                NewKeyBody.self, from: request, fields: ["label", "expires_at", "scope"], nested: ["scope": KeyScope.fieldNames])
            let now = Date().millis
            let scope = try (body.scope ?? caller.key.scope).validated()
            let expiry = try KeyPolicy.childExpiry(requested: body.expiry(now: now), parent: caller.key)
            try KeyPolicy.mayCreate(scope: scope, by: caller.key)
            let key = try await service.createKey(
                accountID: caller.account.id, label: body.label ?? "default", test: caller.isTest,
                expiresAt: expiry.map { Date(millis: $0) }, scope: scope)
            return try Response.json(NewKeyView(key: KeyView(key.record, now: now), secret: key.secret), status: .created)
        }

        group.delete("keys/:id") { request, context -> Response in
            let caller = try context.admittedCaller()
            let id = try context.pathParameter("id")
            // Another account's key is "not found", never "forbidden": ids are not confirmed.
            guard let key = try await store.key(id: id), key.accountID == caller.account.id else {
                throw GatewayError(.notFound, "key_not_found", "No key \(id) on this account.")
            }
            try KeyPolicy.mayRevoke(key, by: caller.key)
            return try Response.json(KeyView(try await service.revokeKey(id: id), now: Date().millis))
        }

        group.post("redeem") { request, context -> Response in
            let caller = try context.admittedCaller()
            guard !caller.isTest else {
                throw GatewayError(.forbidden, "test_key_cannot_redeem", "Test keys cannot redeem codes; use a live key of the account.")
            }
            let body = try await JSONBody.decode(RedeemBody.self, from: request, fields: ["code"])
            let (amount, balance) = try await codes.redeem(body.code, accountID: caller.account.id)
            return try Response.json(RedeemView(
                accountId: caller.account.id, amountMicros: amount, amount: Money.format(amount),
                balanceMicros: balance, balance: Money.format(balance)))
        }
    }

    struct RedeemBody: Decodable {
        var code: String
    }

    struct RedeemView: Encodable {
        var accountId: String
        var amountMicros: Int64
        var amount: String
        var balanceMicros: Int64
        var balance: String
    }

    struct BalanceView: Encodable {
        var accountId: String
        var name: String
        var tier: String
        var balanceMicros: Int64
        var balance: String
        /// The key this request came with.
        var key: KeyView
    }
}
