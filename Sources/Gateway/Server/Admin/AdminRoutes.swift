import Hummingbird

/// The operator's REST API under `/admin/v1`, behind the admin token. Each concept registers
/// its own routes; this type only mounts them behind the token check.
struct AdminRoutes {
    let store: any GatewayStore

    func register(on router: Router<GatewayContext>) {
        let group = router.group("admin/v1").add(middleware: AdminAuthMiddleware(store: store))
        AdminAccountRoutes(store: store).register(on: group)
        AdminKeyRoutes(store: store).register(on: group)
        AdminCodeRoutes(store: store).register(on: group)
        AdminCatalogRoutes(store: store).register(on: group)
        AdminSettingsRoutes(store: store).register(on: group)
        AdminUsageRoutes(store: store).register(on: group)
        AdminTokenRoutes(store: store).register(on: group)
    }
}

/// `{"data": […], "limit", "offset"}`: the shape of every list.
struct ListPage<Item: Encodable>: Encodable {
    var data: [Item]
    var limit: Int?
    var offset: Int?
}
