/// Everything the gateway keeps, as the composition root wires it. Two implementations share one
/// contract (DESIGN.md §2, Tests/StoreContractTests): SQLite through GRDB (the embedded default)
/// and PostgreSQL through PostgresNIO (shared by several nodes). Each service takes only the stores of its own concept (`AccountStore`,
/// `LedgerStore`, …); this bundle exists so one value can be opened, handed around and closed.
/// Money only moves through `LedgerStore`, each step atomic, so no caller can build a balance
/// change by hand.
public protocol GatewayStore:
    AccountStore, CatalogStore, LedgerStore, UsageStore, ChannelStore, TaskStore, ConsoleStore, SettingsStore, NodeStore,
    RelayedGenerationStore
{
    // MARK: Lifecycle

    /// Finishes pending writes and closes the database. Nothing may use the store afterwards.
    func close() async throws
}
