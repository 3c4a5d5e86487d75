import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Delivers a task's result to the caller's `webhook_url`: signed, retried with backoff, and
/// every attempt written to the delivery log.
///
/// Signature: `X-Ideogate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`,
/// with the account's webhook secret (`GET /account/v1/webhook-secret`). Receivers recompute it
/// and reject stale timestamps, as with Stripe's scheme.
struct WebhookSender: Sendable {
    let store: any Store
    let clients: HTTPClientPool
    let guardrail: WebhookAddressGuard
    /// Waits before each retry; the number of entries bounds the attempts.
    let backoff: [Duration]
    let logger: Logger

    static let signatureHeader = "X-Ideogate-Signature"

    static func secret(for accountID: String, store: any Store) async throws -> String {
        try await store.settingIfAbsent("webhook_secret:\(accountID)", value: "whsec_" + KeySecret.randomToken(length: 40))
    }

    static func signature(secret: String, timestamp: Int64, body: ByteBuffer) -> String {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: Data(secret.utf8)))
        mac.update(data: Data("\(timestamp).".utf8))
        mac.update(data: Data(body.readableBytesView))
        return "t=\(timestamp),v1=" + Array(mac.finalize()).hexString
    }

    func deliver(taskID: String, accountID: String, url: String, body: ByteBuffer) async {
        let client = await clients.client(connectMillis: 5_000, readMillis: 15_000)
        for attempt in 1...(backoff.count + 1) {
            if attempt > 1 { try? await Task.sleep(for: backoff[attempt - 2]) }
            var status: Int?
            var failure: String?
            do {
                // Checked again at every attempt: DNS may have changed since the request came in.
                try await guardrail.check(url)
                let secret = try await Self.secret(for: accountID, store: store)
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "User-Agent", value: "Ideogate-Webhook/1")
                request.headers.add(name: Self.signatureHeader, value: Self.signature(secret: secret, timestamp: Int64(Date().timeIntervalSince1970), body: body))
                request.headers.add(name: "X-Ideogate-Task-Id", value: taskID)
                request.body = .bytes(body)
                let response = try await client.execute(request, timeout: .seconds(20))
                status = Int(response.status.code)
                _ = try? await response.body.collect(upTo: 64 * 1024)
            } catch {
                failure = String(describing: error).prefix(200).description
            }
            try? await store.recordWebhookDelivery(taskID: taskID, attempt: attempt, httpStatus: status, error: failure, at: Date().millis)
            if let status, (200..<300).contains(status) { return }
        }
        logger.warning("webhook delivery gave up", metadata: ["task_id": "\(taskID)"])
    }
}
