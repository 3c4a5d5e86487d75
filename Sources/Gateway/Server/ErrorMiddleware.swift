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
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as GatewayError {
            response = Self.response(for: error, requestID: context.requestID)
        } catch let error as IdeogramError {
            response = Self.response(for: GatewayError(error), requestID: context.requestID)
        } catch let error as HTTPError {
            response = Self.response(for: Self.translate(error), requestID: context.requestID)
        } catch {
            context.logger.error("unhandled error", metadata: ["request_id": "\(context.requestID)", "error": "\(String(reflecting: type(of: error)))"])
            response = Self.response(for: .internalError, requestID: context.requestID)
        }
        // A replayed response keeps the id of the request that produced it.
        if response.headers[Self.requestIDField] == nil {
            response.headers[Self.requestIDField] = context.requestID
        }
        return response
    }

    static func translate(_ error: HTTPError) -> GatewayError {
        switch error.status {
        case .notFound: .notFound
        case .contentTooLarge:
            GatewayError(.contentTooLarge, "body_too_large", "The request body is larger than this server accepts.")
        case .methodNotAllowed:
            GatewayError(.methodNotAllowed, "method_not_allowed", "This endpoint does not accept that HTTP method.")
        default:
            GatewayError(error.status, "http_error", error.body ?? error.status.reasonPhrase)
        }
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
