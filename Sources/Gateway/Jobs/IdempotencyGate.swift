import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `Idempotency-Key`: the same key with the same request within 24 hours gets the first
/// response back — no second upstream call, no second charge — even while the first is still
/// running. The same key with a different request is refused.
struct IdempotencyGate: Sendable {
    /// Keys and their answers; the images a first request stored, for a replay's stored ids.
    let store: any TaskStore & UsageStore
    let logger: Logger
    /// How often a retry checks whether the first request has finished.
    var pollInterval: Duration = .milliseconds(50)
    /// The longest a request can run (queue, attempts, delivery). A claim still in progress after
    /// this belongs to a request that died with its process; a retry waits no longer than this
    /// for the first request either.
    var claimLifetime: Duration = .seconds(360)
    /// This node, recorded on each claim so that a dead node's claims are freed for a retry.
    var node: String?

    static let replayedField = HTTPField.Name("Idempotent-Replayed")!
    /// Headers worth replaying; the rest describe the connection, not the result.
    static let keptHeaders: [HTTPField.Name] = [
        .contentType, .retryAfter, ErrorMiddleware.requestIDField, ImagePipeline.chargedField,
        HTTPField.Name("X-Ideogate-Task-Id")!,
    ]

    func run(
        key: String, accountID: String, fingerprint: String, requestID: String,
        _ work: @Sendable () async throws -> PipelineOutcome
    ) async throws -> PipelineOutcome {
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7e }) else {
            throw GatewayError(.badRequest, "invalid_idempotency_key", "Idempotency-Key must be 1–255 visible ASCII characters.")
        }
        let giveUp = ContinuousClock.now + claimLifetime
        while true {
            let now = Date().millis
            let claim = try await store.claimIdempotencyKey(
                accountID: accountID, key: key, fingerprint: fingerprint, at: now, staleBefore: now - claimLifetime.millis,
                node: node)
            switch claim {
            case .claimed:
                return try await lead(key: key, accountID: accountID, requestID: requestID, work)
            case .inProgress(let first):
                try Self.check(first, fingerprint)
                guard ContinuousClock.now < giveUp else {
                    throw GatewayError(
                        .conflict, "idempotency_key_in_progress",
                        "A request with this Idempotency-Key is still running. Retry later to get its result.",
                        headers: [.retryAfter: "5"])
                }
                try await Task.sleep(for: pollInterval)
            case .finished(let first, let stored):
                try Self.check(first, fingerprint)
                return try await replay(stored, accountID: accountID)
            }
        }
    }

    /// Runs the first request with this key and keeps its response — unless the failure is one
    /// that a retry could fix (balance, rate limits, upstream trouble, a hang-up), in which case
    /// the key is freed so the retry runs afresh.
    private func lead(
        key: String, accountID: String, requestID: String, _ work: @Sendable () async throws -> PipelineOutcome
    ) async throws -> PipelineOutcome {
        do {
            var outcome = try await work()
            outcome.answer.headers[ErrorMiddleware.requestIDField] = requestID
            let answer = outcome.answer
            // The request has run and settled: its answer goes out even if keeping it fails.
            await keep { try await store.completeIdempotencyKey(accountID: accountID, key: key, response: Self.stored(answer)) }
            return outcome
        } catch {
            let failure = ImagePipeline.gatewayError(from: error)
            let code = Int(failure.status.code)
            if (400..<500).contains(code), ![402, 408, 409, 429, 499].contains(code) {
                var response = PipelineResponse.error(failure, requestID: requestID)
                response.headers[ErrorMiddleware.requestIDField] = requestID
                await keep { try await store.completeIdempotencyKey(accountID: accountID, key: key, response: Self.stored(response)) }
            } else {
                await keep { try await store.releaseIdempotencyKey(accountID: accountID, key: key) }
            }
            throw failure
        }
    }

    /// A failed write here must not replace the request's own answer; it is logged, and the claim
    /// it leaves behind expires after `claimLifetime`.
    private func keep(_ write: () async throws -> Void) async {
        do { try await write() } catch {
            logger.error("idempotency key not updated; it expires with its claim", metadata: ["error": "\(type(of: error))"])
        }
    }

    static func check(_ first: String, _ fingerprint: String) throws {
        guard first == fingerprint else {
            throw GatewayError(
                .unprocessableContent, "idempotency_key_reused",
                "This Idempotency-Key was used with a different request in the last 24 hours. Use a new key for a new request.")
        }
    }

    static func stored(_ response: PipelineResponse) -> StoredResponse {
        var headers: [String: String] = [:]
        for name in keptHeaders {
            if let value = response.headers[name] { headers[name.canonicalName] = value }
        }
        return StoredResponse(status: Int(response.status.code), headers: headers, body: Array(response.body.readableBytesView))
    }

    /// The first request's answer, as an outcome: its images are read from the kept answer, and
    /// their stored ids from the images that request stored for this same account — never from
    /// ids in its URLs, which an upstream writes.
    func replay(_ stored: StoredResponse, accountID: String) async throws -> PipelineOutcome {
        var headers = HTTPFields()
        for (name, value) in stored.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        let answer = PipelineResponse(
            status: HTTPResponse.Status(code: stored.status), headers: headers, body: ByteBuffer(bytes: stored.body))
        let firstRequest = headers[ErrorMiddleware.requestIDField] ?? ""
        var images: [DeliveredImage]?
        if stored.status == 200, let kept = try? JSONDecoder().decode(KeptImageAnswer.self, from: Data(stored.body)), let items = kept.data {
            var ids = try await store.imageIDs(requestID: firstRequest, accountID: accountID)[...]
            // Delivery stored the images with links in answer order; withheld ones have none.
            images = items.map { item in
                DeliveredImage(
                    url: item.url, storedID: item.url == nil ? nil : ids.popFirst(), prompt: item.prompt, seed: item.seed,
                    resolution: item.resolution, isImageSafe: item.isImageSafe ?? true)
            }
        }
        return PipelineOutcome(
            answer: answer, images: images, charged: headers[ImagePipeline.chargedField].flatMap { Int64($0) } ?? 0,
            requestID: firstRequest, replayed: true)
    }

    /// The fields of a kept image answer a replay needs, in every Ideogram shape that has `data`.
    private struct KeptImageAnswer: Decodable {
        struct Item: Decodable {
            var url: String?
            var prompt: String?
            var seed: Int?
            var resolution: String?
            var isImageSafe: Bool?

            enum CodingKeys: String, CodingKey {
                case url, prompt, seed, resolution
                case isImageSafe = "is_image_safe"
            }
        }

        var data: [Item]?
    }
}
