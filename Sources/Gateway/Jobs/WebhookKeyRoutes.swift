import Foundation
import Hummingbird

/// `GET /v1/.well-known/jwks.json`: the public keys webhooks are signed with, without
/// authentication, as Ideogram publishes its own (also under `/ideogram`, for clients whose base
/// URL carries the prefix: receivers fetch the key set from the base URL they call).
struct WebhookKeyRoutes {
    let keys: WebhookKeyring

    func register(on router: Router<GatewayContext>) {
        let keys = self.keys
        for prefix in ["/ideogram", ""] {
            router.get(RouterPath(prefix + "/v1/.well-known/jwks.json")) { _, _ -> Response in
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let body = try encoder.encode(try await keys.jwks())
                // Short enough that a rotation reaches receivers within the hour; they also refetch
                // on a failed verification.
                return Response(
                    status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=3600"],
                    body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
        }
    }
}

extension Ideogate {
    /// The webhook signing keys, for `ideogate webhook-key` and the tests.
    public var webhookKeys: WebhookKeyring { tasks.webhooks.keys }
}
