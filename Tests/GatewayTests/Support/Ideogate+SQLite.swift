import Gateway
import GatewaySQLite
import Logging

/// The tests run the gateway on the embedded backend, as `ideogate serve` does.
extension Ideogate {
    static func open(
        _ config: GatewayConfig, images: ImageStoreOpener = DiskImageStore.opener, logger: Logger = Logger(label: "ideogate"),
        upstream: (any Upstream)? = nil
    ) async throws -> Ideogate {
        try await open(config, store: { try SQLiteStore.open($0) }, images: images, logger: logger, upstream: upstream)
    }

    static func openStore(_ config: GatewayConfig) async throws -> any GatewayStore {
        try await openStore(config, store: { try SQLiteStore.open($0) })
    }
}
