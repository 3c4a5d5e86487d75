import Hummingbird

/// Operator switches (`charge_unsafe_images`). Secrets in the same table are never listed.
struct AdminSettingsRoutes {
    let store: any SettingsStore

    func register(on group: RouterGroup<GatewayContext>) {
        let settings = OperatorSettings(store: store)

        group.get("settings") { _, _ -> Response in
            try Response.json(try await settings.all())
        }

        group.patch("settings") { request, _ -> Response in
            let names = Set(OperatorSettings.Name.allCases.map(\.rawValue))
            let body = try await JSONBody.decode([String: Bool].self, from: request, fields: names)
            for (name, value) in body.sorted(by: { $0.key < $1.key }) { try await settings.set(name, to: value) }
            return try Response.json(try await settings.all())
        }
    }
}
