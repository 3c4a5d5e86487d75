import IdeogramAPI
import NIOCore

/// The key-scope step: may this key run this operation, with this model, from this address?
/// The address is checked from the headers, before the body is read (`checkAddress`); the
/// operation and model after decoding, before any money is held (`checkRequest`).
enum Admission {
    static func checkRequest(_ scope: KeyScope, request: IdeogramRequest) throws {
        // A key allowed a path while it was relayed (`relay:/v1/remove-background`) keeps it
        // when a release makes the path first-class.
        if let operations = scope.operations, !operations.contains(request.operation.rawValue),
           !operations.contains(RelaySpec.operationPrefix + request.operation.path) {
            throw GatewayError(.forbidden, "operation_not_allowed", "This API key may not call \(request.operation.rawValue).")
        }
        if let models = scope.models {
            let model = request.scopeModel
            if !models.contains(model) {
                throw GatewayError(.forbidden, "model_not_allowed", "This API key may not use \(model).")
            }
        }
    }

    /// The IP part alone, for every surface a key reaches (the account API too).
    static func checkAddress(_ scope: KeyScope, from address: SocketAddress?) throws {
        if let ranges = scope.ipRanges {
            // With an IP scope, a caller whose address is unknown is refused, not waved through.
            let allowed = address.map { a in ranges.contains { IPRange($0)?.contains(a) == true } } ?? false
            if !allowed {
                throw GatewayError(.forbidden, "ip_not_allowed", "This API key may not be used from \(address?.ipAddress ?? "this address").")
            }
        }
    }
}

extension IdeogramRequest {
    /// The name key scopes match: the legacy model, or the V3 rendering speed (BALANCED as
    /// DEFAULT), or `*` for endpoints without either.
    var scopeModel: String {
        priceVariant.replacingOccurrences(of: CharacterReference.suffix, with: "")
            .replacingOccurrences(of: V45Tier.twoKSuffix, with: "")
    }
}
