import Hummingbird

/// `POST /admin/v1/admin-token/rotate`: a new admin token for the current one. The answer is the
/// only place the new token appears, so it is marked uncacheable.
struct AdminTokenRoutes {
    let store: any SettingsStore

    func register(on group: RouterGroup<GatewayContext>) {
        let store = self.store
        group.post("admin-token/rotate") { _, _ -> Response in
            let token = try await AdminToken.rotate(store: store)
            return try Response.json(["admin_token": token], headers: [.cacheControl: "no-store"])
        }
    }
}
