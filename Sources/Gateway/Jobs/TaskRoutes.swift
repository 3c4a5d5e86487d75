import Hummingbird

/// Polling, cancelling and the webhook secret, with the customer's own key. A task is visible
/// only to the account that submitted it; any other account gets a 404, not a 403, so task ids
/// cannot be probed.
struct TaskRoutes {
    let authenticator: Authenticator
    let runner: TaskRunner
    let store: any TaskStore & SettingsStore

    func register(on router: Router<GatewayContext>) {
        let router = router.group().add(middleware: APIKeyMiddleware(authenticator: authenticator))
        for prefix in ["/ideogram", ""] {
            router.get(RouterPath(prefix + "/tasks/:id")) { request, context in
                let task = try await ownTask(request, context)
                let deliveries = task.webhookURL == nil ? [] : try await store.webhookDeliveries(taskID: task.id)
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: TaskView.body(task, deliveries: deliveries)))
            }
            let cancel: @Sendable (Request, GatewayContext) async throws -> Response = { request, context in
                let task = try await ownTask(request, context)
                guard !task.status.isFinal else {
                    throw GatewayError(.conflict, "task_finished", "The task has already finished (\(task.status.rawValue)).")
                }
                let ended = try await runner.cancel(task.id) ?? task
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: TaskView.body(ended, deliveries: [])))
            }
            router.post(RouterPath(prefix + "/tasks/:id/cancel"), use: cancel)
            router.delete(RouterPath(prefix + "/tasks/:id"), use: cancel)
        }
        router.get("/account/v1/webhook-secret") { request, context in
            // The key's IP scope applies to every surface it reaches.
            let caller = try context.admittedCaller()
            return try Response.json(["webhook_secret": try await WebhookSender.secret(for: caller.account.id, store: store)])
        }
    }

    private func ownTask(_ request: Request, _ context: GatewayContext) async throws -> TaskRecord {
        let caller = try context.admittedCaller()
        let id = try context.parameters.require("id")
        guard let task = try await store.task(id: id), task.accountID == caller.account.id else { throw GatewayError.taskNotFound }
        return task
    }
}
