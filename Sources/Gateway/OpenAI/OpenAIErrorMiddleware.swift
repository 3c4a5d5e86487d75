import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAIAPI

/// Errors on the OpenAI surface in OpenAI's shape — `{"error": {"message", "type", "param",
/// "code"}}` — with the status the native call would have answered. OpenAI SDKs read `message`
/// and pick their exception class by status, so the status is never changed.
///
/// Sits on the OpenAI route group, inside `ErrorMiddleware`: it sees every error first, so the
/// Ideogram-shaped body is never produced here, and `ErrorMiddleware` still adds `X-Request-Id`.
struct OpenAIErrorMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            guard let mapped = GatewayError.caller(from: error) else {
                ErrorMiddleware.logUnhandled(error, context: context)
                return Self.response(for: .internalError)
            }
            return Self.response(for: mapped)
        }
    }

    static func response(for error: GatewayError) -> Response {
        var headers = error.headers
        headers[.contentType] = "application/json"
        let param: String? = if case .string(let name)? = error.details["param"] { name } else { nil }
        let body = Body(error: .init(message: error.message, type: errorType(for: error.status), param: param, code: error.code))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data(#"{"error":{"message":"internal error","type":"server_error","param":null,"code":"internal_error"}}"#.utf8)
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// OpenAI's error `type` for a status.
    static func errorType(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 401: "authentication_error"
        case 402: "insufficient_quota"
        case 403: "permission_error"
        case 429: "rate_limit_error"
        case 500...: "server_error"
        default: "invalid_request_error"
        }
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            var message: String
            var type: String
            var param: String?
            var code: String

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(message, forKey: .message)
                try c.encode(type, forKey: .type)
                // OpenAI always sends `param`, null when no single parameter is at fault.
                try c.encode(param, forKey: .param)
                try c.encode(code, forKey: .code)
            }

            enum CodingKeys: String, CodingKey { case message, type, param, code }
        }

        var error: Detail
    }
}
