/// The decorator: reads come from the cache, writes go to the backend and drop it.
extension CachedCatalog {

    public func caller(keyHash: String) async throws -> (key: APIKeyRecord, account: Account)? {
        let found = try await caller(keyHash) {
            try await base.caller(keyHash: keyHash).map { Caller(key: $0.key, account: $0.account) }
        }
        return found.map { ($0.key, $0.account) }
    }

    public func prices() async throws -> [PriceEntry] {
        try await prices { try await base.prices() }
    }

    public func tier(named name: String) async throws -> Tier? {
        try await tiers {
            let tiers = try await base.tiers()
            return Dictionary(tiers.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        }[name]
    }

    public func markKeyUsed(id: String, at: Millis) {
        base.markKeyUsed(id: id, at: at)
    }

    public func tiers() async throws -> [Tier] { try await base.tiers() }

    public func setPrice(_ entry: PriceEntry) async throws {
        try await base.setPrice(entry)
        invalidate()
    }

    public func seedPrices(_ entries: [PriceEntry]) async throws {
        try await base.seedPrices(entries)
        invalidate()
    }

    public func upsertTier(_ tier: Tier) async throws {
        try await base.upsertTier(tier)
        invalidate()
    }

    /// The backend's reports: a cache makes no changes of its own.
    public func catalogChanges() -> AsyncStream<CatalogChange> { base.catalogChanges() }
    public func catalogVersion() -> UInt64 { base.catalogVersion() }
}
