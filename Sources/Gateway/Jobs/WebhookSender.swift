import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Delivers a task's result to the caller's `webhook_url`: signed, retried with backoff, and
/// every attempt written to the delivery log.
///
/// Signature: Ideogram's own scheme (`WebhookSignature`): Ed25519 over the generation id, the
/// user id, the timestamp and the body's SHA-256, with the keys published at
/// `GET /v1/.well-known/jwks.json` (`WebhookKeyring`).
///
/// Legacy, kept for receivers written before that: `X-Ideogate-Signature: t=<unix seconds>,
/// v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` with the account's webhook secret
/// (`GET /account/v1/webhook-secret`).
///
/// The sender owns its deliveries: retries wait for up to minutes, and `shutdown()` ends every
/// wait and every attempt in flight at once, so the gateway can stop without waiting for them.
struct WebhookSender: Sendable {
    let store: any TaskStore & SettingsStore
    let guardrail: WebhookAddressGuard
    let keys: WebhookKeyring
    /// Waits before each retry; the number of entries bounds the attempts.
    let backoff: [Duration]
    let logger: Logger
    var connectTimeout: Duration = .seconds(5)
    /// For the whole exchange of one attempt, from connecting to the end of the response head.
    var attemptTimeout: Duration = .seconds(20)
    /// The deliveries under way; shared by every copy of this sender.
    let deliveries = DeliveryTasks()

    static let signatureHeader = "X-Ideogate-Signature"

    /// What the delivery log tells the customer about an attempt that got no HTTP status.
    ///
    /// Deliberately coarse: the customer picks the URL, so any finer answer (refused, filtered,
    /// timed out, TLS failed, does not resolve) would turn webhooks into a port scanner and a
    /// DNS probe that runs from the gateway's address. An attempt that got a response logs its
    /// status instead. The operator's log keeps the detail.
    enum Failure {
        /// The host does not resolve, or not only to public addresses (checked at every attempt).
        static let notAllowed = "webhook_url_not_allowed"
        /// Nothing answered with HTTP: no connection, no TLS, or no response within the timeout.
        static let noResponse = "no_response"
        /// The gateway could not prepare the request (e.g. read the account's secret).
        static let notSent = "not_sent"
        /// The gateway stopped before this attempt ended; the delivery is not retried, and the
        /// task's result stays available by polling.
        static let stopped = "gateway_stopped"
    }

    static func secret(for accountID: String, store: any TaskStore & SettingsStore) async throws -> String {
        try await store.settingIfAbsent("webhook_secret:\(accountID)", value: "whsec_" + KeySecret.randomToken(length: 40))
    }

    static func signature(secret: String, timestamp: Int64, body: ByteBuffer) -> String {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: Data(secret.utf8)))
        mac.update(data: Data("\(timestamp).".utf8))
        mac.update(data: Data(body.readableBytesView))
        return "t=\(timestamp),v1=" + Array(mac.finalize()).hexString
    }

    /// Delivers and returns when the delivery has ended: delivered, given up, or stopped.
    func deliver(taskID: String, accountID: String, url: String, body: ByteBuffer) async {
        let work: @Sendable () async -> Void = {
            await attempts(taskID: taskID, accountID: accountID, url: url, body: body)
        }
        guard let delivery = await deliveries.start(work) else {
            await record(taskID: taskID, attempt: 1, status: nil, failure: Failure.stopped)
            return
        }
        await delivery.value
    }

    /// Starts a delivery and returns at once: the sender owns it until it ends, and `shutdown()`
    /// stops it. The task runner uses this so a webhook retried for minutes never holds it up.
    func enqueue(taskID: String, accountID: String, url: String, body: ByteBuffer) async {
        let work: @Sendable () async -> Void = {
            await attempts(taskID: taskID, accountID: accountID, url: url, body: body)
        }
        if await deliveries.start(work) == nil {
            await record(taskID: taskID, attempt: 1, status: nil, failure: Failure.stopped)
        }
    }

    /// Stops every delivery: waits before a retry end now, attempts in flight are cancelled, and each
    /// is logged as `gateway_stopped`. Later deliveries are logged the same way without an attempt.
    func shutdown() async {
        await deliveries.shutdown()
    }

    private func attempts(taskID: String, accountID: String, url: String, body: ByteBuffer) async {
        for attempt in 1...(backoff.count + 1) {
            if attempt > 1 {
                do {
                    try await Task.sleep(for: backoff[attempt - 2])
                } catch {
                    await record(taskID: taskID, attempt: attempt, status: nil, failure: Failure.stopped)
                    return
                }
            }
            let (status, failure) = await send(taskID: taskID, accountID: accountID, url: url, body: body, attempt: attempt)
            // An attempt cut short by shutdown says so, rather than blaming the receiver.
            let stopped = Task.isCancelled && status == nil
            await record(taskID: taskID, attempt: attempt, status: status, failure: stopped ? Failure.stopped : failure)
            if let status, (200..<300).contains(status) { return }
            if stopped { return }
        }
        logger.warning("webhook delivery gave up", metadata: ["task_id": "\(taskID)"])
    }

    /// Written from a task of its own, which a shutdown's cancellation does not reach: the last
    /// row of a stopped delivery is the one that must not be lost.
    private func record(taskID: String, attempt: Int, status: Int?, failure: String?) async {
        let store = self.store, logger = self.logger
        await Task {
            do {
                try await store.recordWebhookDelivery(taskID: taskID, attempt: attempt, httpStatus: status, error: failure, at: Date().millis)
            } catch {
                // The delivery happened (or not) either way; only its row in the task's history is lost.
                logger.error("webhook delivery not recorded", metadata: ["task_id": "\(taskID)", "error": "\(type(of: error))"])
            }
        }.value
    }

    /// One attempt: check the address, then connect to exactly the address the check approved.
    private func send(taskID: String, accountID: String, url: String, body: ByteBuffer, attempt: Int) async -> (Int?, String?) {
        let target: WebhookAddressGuard.Target
        do {
            // Checked again at every attempt: DNS may have changed since the request came in.
            target = try await guardrail.check(url)
        } catch {
            return (nil, Failure.notAllowed)
        }
        let secret: String
        let signature: WebhookSignature
        // One timestamp for both schemes, taken at signing as Ideogram's guide says.
        let timestamp = Int64(Date().timeIntervalSince1970)
        do {
            secret = try await Self.secret(for: accountID, store: store)
            signature = try WebhookSignature.sign(
                generationID: taskID, accountID: accountID, timestamp: timestamp, body: body, key: try await keys.current())
        } catch {
            logger.error("webhook not sent: no secret", metadata: ["task_id": "\(taskID)", "error": "\(String(reflecting: type(of: error)))"])
            return (nil, Failure.notSent)
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Ideogate-Webhook/1")
        for (name, value) in signature.headers { request.headers.add(name: name, value: value) }
        request.headers.add(name: Self.signatureHeader, value: Self.signature(secret: secret, timestamp: timestamp, body: body))
        request.headers.add(name: "X-Ideogate-Task-Id", value: taskID)
        request.body = .bytes(body)

        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: pinnedConfiguration(target))
        var result: (Int?, String?)
        do {
            let response = try await client.execute(request, timeout: TimeAmount(attemptTimeout))
            result = (Int(response.status.code), nil)
            _ = try? await response.body.collect(upTo: 64 * 1024)
        } catch {
            // The detail is for the operator only (see `Failure`); the URL is not logged, since
            // customers put tokens in webhook URLs.
            logger.info("webhook attempt got no response", metadata: [
                "task_id": "\(taskID)", "attempt": "\(attempt)", "error": "\(String(describing: error).prefix(300))",
            ])
            result = (nil, Failure.noResponse)
        }
        try? await client.shutdown()
        return result
    }

    /// A client that connects to the checked address whatever DNS says now.
    ///
    /// AsyncHTTPClient's `dnsOverride` replaces only where the connection goes: the Host header,
    /// TLS SNI and certificate verification still use the URL's host name, so https webhooks
    /// keep full verification. The override is per client, hence one short-lived client per
    /// attempt; webhooks are few and slow, and sharing a pool would mean sharing pinned targets.
    func pinnedConfiguration(_ target: WebhookAddressGuard.Target) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            // A redirect would lead to an address nobody checked.
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(connectTimeout), read: TimeAmount(attemptTimeout)))
        if !target.isLiteral, let address = target.address.ipAddress {
            configuration.dnsOverride = [target.host: address]
        }
        return configuration
    }
}

/// The deliveries a sender has under way, so that they can be stopped together.
actor DeliveryTasks {
    private var running: [Int: Task<Void, Never>] = [:]
    private var nextID = 0
    private var isShutDown = false

    /// Starts `work` as a tracked task; nil once shut down.
    func start(_ work: @escaping @Sendable () async -> Void) -> Task<Void, Never>? {
        guard !isShutDown else { return nil }
        let id = nextID
        nextID += 1
        // The task inherits this actor's isolation, so `finished` is a plain call after the work.
        let task = Task {
            await work()
            self.finished(id)
        }
        running[id] = task
        return task
    }

    private func finished(_ id: Int) {
        running[id] = nil
    }

    /// Cancels every delivery and waits until each has written its last row.
    func shutdown() async {
        isShutDown = true
        let all = Array(running.values)
        for task in all { task.cancel() }
        for task in all { await task.value }
    }

    var count: Int { running.count }
}
