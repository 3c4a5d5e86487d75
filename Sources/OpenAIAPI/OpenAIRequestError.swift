/// A request the OpenAI-compatible surface refuses before anything is held or sent upstream.
///
/// This module knows nothing of HTTP servers, so the error carries the status as a number and the
/// offending parameter by name; the gateway renders it in OpenAI's error shape (`param` included,
/// which SDKs show to the developer).
public struct OpenAIRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    public let code: String
    public let message: String
    /// The request parameter at fault; nil when no single one is.
    public let param: String?

    public init(status: Int, code: String, message: String, param: String?) {
        self.status = status
        self.code = code
        self.message = message
        self.param = param
    }

    public var description: String { "\(status) \(code) (\(param ?? "-")): \(message)" }

    /// A 400 for one parameter.
    public static func invalid(_ param: String, _ code: String, _ message: String) -> OpenAIRequestError {
        OpenAIRequestError(status: 400, code: code, message: message, param: param)
    }
}
