import HTTPTypes
import Hummingbird
import IdeogramAPI

/// An error a caller can act on. It becomes `{"error", "code", "request_id", …details}` with its
/// status; `details` carries machine-readable extras such as the price and balance of a 402.
public struct GatewayError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var details: [String: DetailValue]
    /// Extra response headers, e.g. `Retry-After` on a 429.
    public var headers: HTTPFields

    public enum DetailValue: Sendable, Equatable, Encodable {
        case int(Int64)
        case string(String)

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .int(let v): try c.encode(v)
            case .string(let v): try c.encode(v)
            }
        }
    }

    public init(
        _ status: HTTPResponse.Status, _ code: String, _ message: String,
        details: [String: DetailValue] = [:], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// The wire contract's validation errors keep their status and code.
    public init(_ error: IdeogramError) {
        self.init(HTTPResponse.Status(code: error.status), error.code, error.message)
    }
}

extension GatewayError {
    static func unauthorized(_ message: String) -> Self { .init(.unauthorized, "invalid_api_key", message) }
    static let notFound = GatewayError(.notFound, "not_found", "No such endpoint. Ideogram endpoints live under /ideogram (for example POST /ideogram/v1/ideogram-v3/generate).")
    /// nginx's 499: logged in the usage row; the caller is gone and never reads it.
    static let clientClosedRequest = GatewayError(
        HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request"), "client_closed_request",
        "The client closed the connection before the images were ready. Nothing was charged.")
    static let internalError = GatewayError(.internalServerError, "internal_error", "Something went wrong on our side. The request was not charged; please retry.")
}

extension HTTPResponse.Status {
    /// Not among HTTPTypes' named statuses; the balance refusal of DESIGN.md §5.
    public static let paymentRequired402 = HTTPResponse.Status(code: 402, reasonPhrase: "Payment Required")
}
