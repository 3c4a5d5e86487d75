import Hummingbird

/// Liveness and readiness for load balancers and orchestrators.
struct HealthRoutes {
    let store: any SettingsStore

    func register(on router: Router<GatewayContext>) {
        router.get("/healthz") { _, _ in try Response.json(["status": "ok"]) }
        let store = self.store
        router.get("/readyz") { _, _ -> Response in
            // Ready means the database answers.
            _ = try await store.setting("signing_secret")
            return try Response.json(["status": "ready"])
        }
    }
}
