import Foundation
import Hummingbird

/// Keys across accounts: list, read, update label, expiry and scope, revoke. Keys are created
/// under their account (`POST /admin/v1/accounts/{id}/keys`).
struct AdminKeyRoutes {
    let store: any AccountStore & LedgerStore & CatalogStore

    func register(on group: RouterGroup<GatewayContext>) {
        let store = self.store
        let service = AccountService(store: store)

        group.get("keys") { request, _ -> Response in
            let query = QueryParameters(request)
            let (limit, offset) = try query.paging()
            let now = Date().millis
            let keys = try await store.keys(accountID: query.string("account_id")).dropFirst(offset).prefix(limit)
            return try Response.json(ListPage(data: keys.map { KeyView($0, now: now) }, limit: limit, offset: offset))
        }

        group.get("keys/:id") { _, context -> Response in
            try Response.json(KeyView(try await service.requireKey(try context.pathParameter("id")), now: Date().millis))
        }

        group.patch("keys/:id") { request, context -> Response in
            let body = try await JSONBody.decode(KeyUpdateBody.self, from: request, fields: KeyUpdateBody.fields, nested: ["scope": KeyScope.fieldNames])
            let key = try await service.updateKey(
                id: try context.pathParameter("id"), label: body.label, expiresAt: try body.expiry(), scope: body.scope)
            return try Response.json(KeyView(key, now: Date().millis))
        }

        group.delete("keys/:id") { _, context -> Response in
            try Response.json(KeyView(try await service.revokeKey(id: try context.pathParameter("id")), now: Date().millis))
        }
    }
}
