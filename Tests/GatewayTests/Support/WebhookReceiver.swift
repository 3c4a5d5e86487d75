import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A real HTTP endpoint on 127.0.0.1 that records the webhooks it receives. It can refuse the
/// first deliveries to exercise retries.
actor WebhookInbox {
    struct Delivery: Sendable {
        var signature: String?
        var body: ByteBuffer
    }
    private(set) var deliveries: [Delivery] = []
    private var refusals: Int

    init(refuseFirst: Int = 0) { refusals = refuseFirst }

    func receive(_ d: Delivery) -> Bool {
        if refusals > 0 {
            refusals -= 1
            return false
        }
        deliveries.append(d)
        return true
    }
}

enum WebhookReceiver {
    /// Runs a receiver for the duration of `body`, passing it the URL to post to.
    static func with(
        _ inbox: WebhookInbox, _ body: @escaping @Sendable (String) async throws -> Void
    ) async throws {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let payload = try await request.body.collect(upTo: 1 << 20)
            let accepted = await inbox.receive(.init(signature: request.headers[HTTPField.Name("X-Ideogate-Signature")!], body: payload))
            return Response(status: accepted ? .ok : .serviceUnavailable)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)/hook")
        }
    }
}
