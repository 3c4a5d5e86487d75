import Hummingbird
import IdeogramAPI
import OpenAIAPI

/// An error of one concept that knows what the caller is told about it. Each concept keeps its
/// own error type (the wire contract's `IdeogramError`, the upstream's `UpstreamFailure`, the
/// OpenAI decoder's `OpenAIRequestError`, the router's `HTTPError`); this is the one place they
/// become a `GatewayError`, which each surface's error middleware then encodes in its own shape.
protocol CallerFacingError: Error {
    var gatewayError: GatewayError { get }
}

extension GatewayError: CallerFacingError {
    var gatewayError: GatewayError { self }

    /// What `error` tells the caller; nil for an error that is not theirs to see (a bug, a
    /// database failure), which every surface answers as a 500 with a log line.
    static func caller(from error: any Error) -> GatewayError? {
        (error as? any CallerFacingError)?.gatewayError
    }

    /// As `caller(from:)`, with the generic 500 for the rest.
    static func mapping(_ error: any Error) -> GatewayError {
        caller(from: error) ?? .internalError
    }
}

extension IdeogramError: CallerFacingError {
    var gatewayError: GatewayError { GatewayError(self) }
}

extension OpenAIRequestError: CallerFacingError {
    var gatewayError: GatewayError { GatewayError(self) }
}

extension UpstreamFailure: CallerFacingError {}

extension HTTPError: CallerFacingError {
    var gatewayError: GatewayError {
        switch status {
        case .notFound: .notFound
        case .contentTooLarge:
            GatewayError(.contentTooLarge, "body_too_large", "The request body is larger than this server accepts.")
        case .methodNotAllowed:
            GatewayError(.methodNotAllowed, "method_not_allowed", "This endpoint does not accept that HTTP method.")
        default:
            GatewayError(status, "http_error", body ?? status.reasonPhrase)
        }
    }
}
