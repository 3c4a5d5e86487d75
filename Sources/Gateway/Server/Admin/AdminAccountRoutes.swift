import Foundation
import HTTPTypes
import Hummingbird

/// Accounts: list, create, read, update, credit and debit, and the ledger.
struct AdminAccountRoutes {
    let store: any AccountStore & LedgerStore & CatalogStore

    func register(on group: RouterGroup<GatewayContext>) {
        let store = self.store
        let service = AccountService(store: store)

        group.get("accounts") { request, _ -> Response in
            let (limit, offset) = try QueryParameters(request).paging()
            let now = Date().millis
            let page = try await store.accounts().dropFirst(offset).prefix(limit).map { AccountView($0, now: now) }
            return try Response.json(ListPage(data: Array(page), limit: limit, offset: offset))
        }

        group.post("accounts") { request, _ -> Response in
            let body = try await JSONBody.decode(CreateBody.self, from: request, fields: CreateBody.fields)
            let account = try await service.openAccount(
                name: body.name, tier: body.tier ?? "default", creditMicros: body.creditMicros ?? 0,
                memo: body.memo ?? "opening credit")
            return try Response.json(AccountView(account, keys: [], now: Date().millis), status: .created)
        }

        group.get("accounts/:id") { _, context -> Response in
            let account = try await service.requireAccount(try context.pathParameter("id"))
            let keys = try await store.keys(accountID: account.id)
            return try Response.json(AccountView(account, keys: keys, now: Date().millis))
        }

        group.patch("accounts/:id") { request, context -> Response in
            let body = try await JSONBody.decode(UpdateBody.self, from: request, fields: UpdateBody.fields)
            let account = try await service.updateAccount(
                id: try context.pathParameter("id"), name: body.name, tier: body.tier, disabled: body.disabled)
            return try Response.json(AccountView(account, now: Date().millis))
        }

        for (path, sign) in [("credit", Int64(1)), ("debit", Int64(-1))] {
            group.post(RouterPath("accounts/:id/\(path)")) { request, context -> Response in
                let body = try await JSONBody.decode(MoveBody.self, from: request, fields: MoveBody.fields)
                guard body.amountMicros > 0 else {
                    throw GatewayError(.badRequest, "invalid_amount", "amount_micros must be positive; use /credit or /debit for the direction.")
                }
                let id = try context.pathParameter("id")
                let key = request.headers.first { $0.name.canonicalName == "idempotency-key" }?.value ?? body.idempotencyKey
                let balance = try await service.move(
                    accountID: id, amount: sign * body.amountMicros, memo: body.memo ?? "admin \(path)", idempotencyKey: key)
                return try Response.json(MoveResult(
                    accountId: id, kind: path, amountMicros: body.amountMicros, amount: Money.format(body.amountMicros),
                    balanceMicros: balance, balance: Money.format(balance)))
            }
        }

        group.get("accounts/:id/ledger") { request, context -> Response in
            let account = try await service.requireAccount(try context.pathParameter("id"))
            let (limit, offset) = try QueryParameters(request).paging()
            let entries = try await store.ledgerEntries(accountID: account.id, limit: limit, offset: offset)
            return try Response.json(ListPage(data: entries.map(LedgerEntryView.init), limit: limit, offset: offset))
        }

        group.get("accounts/:id/keys") { _, context -> Response in
            let account = try await service.requireAccount(try context.pathParameter("id"))
            let now = Date().millis
            return try Response.json(ListPage(data: try await store.keys(accountID: account.id).map { KeyView($0, now: now) }))
        }

        group.post("accounts/:id/keys") { request, context -> Response in
            let body = try await JSONBody.decode(NewKeyBody.self, from: request, fields: NewKeyBody.fields, nested: ["scope": KeyScope.fieldNames])
            let now = Date().millis
            let key = try await service.createKey(
                accountID: try context.pathParameter("id"), label: body.label ?? "default", test: body.test ?? false,
                expiresAt: try body.expiry(now: now).map { Date(millis: $0) }, scope: body.scope ?? KeyScope())
            return try Response.json(NewKeyView(key: KeyView(key.record, now: now), secret: key.secret), status: .created)
        }
    }

    struct CreateBody: Decodable {
        var name: String
        var tier: String?
        var creditMicros: Int64?
        var memo: String?
        enum CodingKeys: String, CodingKey {
            case name, tier, memo
            case creditMicros = "credit_micros"
        }
        static let fields: Set<String> = ["name", "tier", "credit_micros", "memo"]
    }

    struct UpdateBody: Decodable {
        var name: String?
        var tier: String?
        var disabled: Bool?
        static let fields: Set<String> = ["name", "tier", "disabled"]
    }

    struct MoveBody: Decodable {
        var amountMicros: Int64
        var memo: String?
        var idempotencyKey: String?
        enum CodingKeys: String, CodingKey {
            case memo
            case amountMicros = "amount_micros"
            case idempotencyKey = "idempotency_key"
        }
        static let fields: Set<String> = ["amount_micros", "memo", "idempotency_key"]
    }

    struct MoveResult: Encodable {
        var accountId: String
        var kind: String
        var amountMicros: Int64
        var amount: String
        var balanceMicros: Int64
        var balance: String
    }
}
