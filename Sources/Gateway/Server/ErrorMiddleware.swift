import Foundation
import HTTPTypes
import Hummingbird
import IdeogramAPI
import Logging

/// Gives every response its `X-Request-Id`, and turns every error into the JSON body the
/// Ideogram surface promises. Errors that are not ours to explain become a 500 with a generic
/// message and a log line; nothing internal leaks to the caller.
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = GatewayContext
    public static let requestIDField = HTTPField.Name("X-Request-Id")!

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let mapped = GatewayError.caller(from: error)
            if mapped == nil { Self.logUnhandled(error, context: context) }
            response = Self.response(for: mapped ?? .internalError, requestID: context.requestID)
        }
        return Self.withRequestID(response, context)
    }

    static func logUnhandled(_ error: any Error, context: Context) {
        context.logger.error("unhandled error", metadata: ["request_id": "\(context.requestID)", "error": "\(String(reflecting: type(of: error)))"])
    }

    private static func withRequestID(_ response: Response, _ context: Context) -> Response {
        var response = response
        // A replayed response keeps the id of the request that produced it.
        if response.headers[Self.requestIDField] == nil {
            response.headers[Self.requestIDField] = context.requestID
        }
        return response
    }

    public static func response(for error: GatewayError, requestID: String) -> Response {
        var headers = error.headers
        headers[.contentType] = "application/json"
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: body(for: error, requestID: requestID)))
    }

    static func body(for error: GatewayError, requestID: String) -> ByteBuffer {
        let body = ErrorBody(error: error.message, code: error.code, requestID: requestID, details: error.details)
        let data = (try? JSONEncoder.gateway.encode(body)) ?? Data(#"{"error":"internal error","code":"internal_error"}"#.utf8)
        return ByteBuffer(bytes: data)
    }

    struct ErrorBody: Encodable {
        var error: String
        var code: String
        var requestID: String
        var details: [String: GatewayError.DetailValue]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ s: String) { stringValue = s }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(error, forKey: Key("error"))
            try c.encode(code, forKey: Key("code"))
            try c.encode(requestID, forKey: Key("request_id"))
            for (k, v) in details.sorted(by: { $0.key < $1.key }) { try c.encode(v, forKey: Key(k)) }
        }
    }
}

extension JSONEncoder {
    /// Keys as the wire wants them; sorted so bodies are stable for tests and diffs.
    static var gateway: JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}

extension Response {
    /// A JSON response from any Encodable value, snake_case keys.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder.gateway.encode(value))))
    }
}
