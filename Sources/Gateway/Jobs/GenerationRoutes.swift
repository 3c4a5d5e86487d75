import Hummingbird

/// `GET /v1/generations/{id}` and `GET /v2/generations/{id}` (also under `/ideogram`): every
/// asynchronous request polled the way Ideogram's are. A generation id is the task's id
/// (`task_…`, URL-safe base64 characters), so `/tasks/{id}` and these routes show one task two ways.
///
/// Like tasks, a generation is visible only to the account that submitted it: another account's
/// id answers the same 404 as an unknown one, so ids cannot be probed.
struct GenerationRoutes {
    let authenticator: Authenticator
    let store: any TaskStore
    /// Generations that relayed answers carried (Relay/): asked about ids that are no task of
    /// this account. Nil in tests that build the routes alone.
    var relay: RelayService?

    /// URL-safe base64 characters, as Ideogram's ids are; anything else is a 400, as there.
    static func isWellFormed(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { b in
                (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x2D || b == 0x5F
            }
    }

    func register(on router: Router<GatewayContext>) {
        let router = router.group().add(middleware: APIKeyMiddleware(authenticator: authenticator))
        for prefix in ["/ideogram", ""] {
            for version in ["v1", "v2"] {
                router.get(RouterPath("\(prefix)/\(version)/generations/:id")) { request, context in
                    let caller = try context.admittedCaller()
                    let id = try context.parameters.require("id")
                    guard Self.isWellFormed(id) else { throw GatewayError.invalidGenerationID }
                    guard let task = try await store.task(id: id), task.accountID == caller.account.id else {
                        if let relay, let relayed = try await relay.pollRelayed(
                            version: version, id: id, caller: caller, request: request, context: context)
                        {
                            return relayed
                        }
                        throw GatewayError.generationNotFound
                    }
                    return Response(
                        status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: GenerationView.body(task)))
                }
            }
        }
    }
}

extension GatewayError {
    static let invalidGenerationID = GatewayError(
        .badRequest, "invalid_generation_id", "A generation id is 1 to 128 URL-safe base64 characters (A-Z, a-z, 0-9, '-', '_').")
    static let generationNotFound = GatewayError(.notFound, "generation_not_found", "No such generation for this account.")
}
