import HTTPTypes
import OpenAIAPI

extension GatewayError {
    /// The OpenAI surface's refusals keep their status and code; `param` travels in `details`,
    /// where `OpenAIErrorMiddleware` puts it back into OpenAI's error object.
    init(_ error: OpenAIRequestError) {
        var details: [String: DetailValue] = [:]
        if let param = error.param { details["param"] = .string(param) }
        self.init(HTTPResponse.Status(code: error.status), error.code, error.message, details: details)
    }
}
