/// Opens the store delivered images go to. The composition root (`ideogate serve
/// --image-store`, the tests) picks it; the engine only knows `ImageStore`. The gateway calls
/// the store's `shutdown()` when it stops.
public typealias ImageStoreOpener = @Sendable (GatewayConfig) async throws -> any ImageStore

extension DiskImageStore {
    /// The default: files under `<data-dir>/images`.
    public static let opener: ImageStoreOpener = { config in
        try DiskImageStore(root: config.imagesDirectory)
    }
}
