import Foundation
import HTTPTypes
import Hummingbird

/// A finished response as bytes: what the pipeline answers, what an Idempotency-Key replays and
/// what an asynchronous task keeps. `Response` streams its body, so the pipeline works with this
/// and converts at the edge.
struct PipelineResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields = [.contentType: "application/json"]
    var body: ByteBuffer

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> PipelineResponse {
        PipelineResponse(status: status, body: ByteBuffer(bytes: try JSONEncoder.gateway.encode(value)))
    }

    /// The JSON error body for `error`, exactly as ErrorMiddleware would write it.
    static func error(_ error: GatewayError, requestID: String) -> PipelineResponse {
        var headers = error.headers
        headers[.contentType] = "application/json"
        return PipelineResponse(status: error.status, headers: headers, body: ErrorMiddleware.body(for: error, requestID: requestID))
    }

    var response: Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
