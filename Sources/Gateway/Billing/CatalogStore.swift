/// What the request path reads on every call and almost nothing writes: keys with their
/// accounts, prices and tiers.
public protocol CatalogStore: Sendable {
    /// The key with this hash and its account, as the request path needs them. May be served
    /// from a cache (`CachedCatalog`) that every change to keys or accounts invalidates; the
    /// account's balance in it is not current — read `AccountStore.account(id:)` for that.
    func caller(keyHash: String) async throws -> (key: APIKeyRecord, account: Account)?
    /// The request path's one write to a key: when it was last used (for people). Records it without making the caller wait: the request path calls it on
    /// every request, so an implementation keeps the writes rare (one a minute per key) and
    /// must not suspend or spawn work for the calls it skips.
    func markKeyUsed(id: String, at: Millis)

    func prices() async throws -> [PriceEntry]
    func setPrice(_ entry: PriceEntry) async throws
    /// Inserts the entries that are missing, leaving the operator's edits alone.
    func seedPrices(_ entries: [PriceEntry]) async throws

    func tier(named: String) async throws -> Tier?
    func tiers() async throws -> [Tier]
    func upsertTier(_ tier: Tier) async throws

    /// Every committed change to keys, accounts, prices or tiers from now on, by this process or
    /// another, as soon as the backend learns of it; `CachedCatalog` drops its copy on each.
    /// Each call is a new subscription; the stream ends when the store closes.
    func catalogChanges() -> AsyncStream<CatalogChange>
    /// How many changes the store has reported so far (`CatalogChangeBroadcast.version`): read
    /// by the cache on every request, so a change committed here is never served stale.
    func catalogVersion() -> UInt64
}
