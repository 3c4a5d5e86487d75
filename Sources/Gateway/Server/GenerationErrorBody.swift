import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The 402 and 429 bodies of the /v2 routes: Ideogram's `GenerationErrorResponse`
/// `{error, reject_reason, max_inflight_requests?, task_completion_speed?}`, so a client written
/// for Ideogram's /v2 can tell "top up" from "slow down" by `reject_reason`. The gateway's own
/// `code` and `request_id` follow (the schema allows more properties). Other statuses, and every
/// error on /v1 and the seed's routes, keep the gateway's usual body.
struct GenerationErrorBody: Encodable {
    var error: String
    var rejectReason: String
    var maxInflightRequests: Int?
    var taskCompletionSpeed: String?
    var code: String
    var requestID: String

    /// Ideogram's documented default in-flight limit, reported when the refusal carries no
    /// number of its own (the gateway's limits are per channel and per test key, not one count).
    static let defaultMaxInflight = 10

    /// nil for errors this shape does not cover.
    init?(_ error: GatewayError, requestID: String) {
        switch error.status.code {
        case 402:
            // Balance → insufficient_funds; a key's lifetime or daily spend limit → daily_limit.
            rejectReason = ["key_spend_limit", "key_daily_limit"].contains(error.code) ? "daily_limit" : "insufficient_funds"
        case 429:
            // Every 429 the gateway gives is a rate or concurrency limit: busy upstream slots, a
            // full wait queue, the test keys' rate.
            rejectReason = "inflight_limit"
            if case .int(let limit)? = error.details["max_inflight_requests"] {
                maxInflightRequests = max(1, Int(limit))
            } else {
                maxInflightRequests = Self.defaultMaxInflight
            }
            taskCompletionSpeed = "fast"  // the gateway has one queue
        default:
            return nil
        }
        self.error = error.message
        self.code = error.code
        self.requestID = requestID
    }

    /// The /v2 answer for `error`, or nil when the usual body applies.
    static func response(for error: any Error, requestID: String) -> Response? {
        let gatewayError = ImagePipeline.gatewayError(from: error)
        guard let body = GenerationErrorBody(gatewayError, requestID: requestID),
              let data = try? JSONEncoder.gateway.encode(body)
        else { return nil }
        var headers = gatewayError.headers
        headers[.contentType] = "application/json"
        return Response(status: gatewayError.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
