import Foundation
import Gateway
import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// The shared store: every gateway node and the CLI on one PostgreSQL database.
///
/// Unlike SQLite, PostgreSQL runs many writers at once, so no money rule may read, decide in
/// Swift, then write: each is a single conditional statement (`UPDATE … WHERE balance >= $amt
/// RETURNING …`, `INSERT … ON CONFLICT DO NOTHING`) whose row lock or unique index settles
/// every race, with the steps of one rule in one transaction (DESIGN.md, "The PostgreSQL backend").
public final class PostgresStore: GatewayStore, Sendable {
    let client: PostgresClient
    let logger: Logger
    /// The client's connection pool runs in this task until `close()`.
    private let runTask: Task<Void, Never>
    /// Catalogue changes, for `CachedCatalog`: this process's commits and other nodes'.
    let changes = CatalogChangeBroadcast()
    let listener: PostgresCatalogListener
    /// When each key's last use was last written.
    let keyUse = KeyUseThrottle()

    private init(client: PostgresClient, runTask: Task<Void, Never>, origin: String, logger: Logger) {
        self.client = client
        self.runTask = runTask
        self.logger = logger
        listener = PostgresCatalogListener(client: client, changes: changes, origin: origin, logger: logger)
    }

    /// Connects to the database `url` names (`postgres://user:password@host:port/database`) and
    /// brings its schema up to date. `config` is accepted for symmetry with the SQLite backend;
    /// the data directory still holds the secrets and images, not the data.
    public static func open(url: String, config: GatewayConfig, logger: Logger, maximumConnections: Int = 20) async throws -> PostgresStore {
        let address = try PostgresURL(url)
        // One connection first, so an unreachable server, a refused login or a missing database
        // fails the start at once with the server's reason: the pool alone retries forever.
        do {
            try await PostgresConnection.connect(configuration: address.connectionConfiguration(), id: 0, logger: logger).close()
        } catch {
            throw Unreachable(address: address, error: error)
        }
        // Names this process's connections; the catalogue triggers send it back with each change.
        let origin = "ideogate-\(UUID().uuidString.prefix(13).lowercased())"
        let client = PostgresClient(
            configuration: address.clientConfiguration(applicationName: origin, maximumConnections: maximumConnections),
            backgroundLogger: logger)
        // Waits until the task is about to run the pool, which marks itself running before it
        // first suspends, so the migration's lease below does not find it unstarted.
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let runTask = Task {
            signal.finish()
            await client.run()
        }
        for await _ in started {}
        let store = PostgresStore(client: client, runTask: runTask, origin: origin, logger: logger)
        do {
            try await PostgresMigrations.migrate(client, logger: logger)
        } catch {
            runTask.cancel()
            await runTask.value
            throw error
        }
        return store
    }

    /// The start-up probe failed: where it tried (never the password) and the server's or the
    /// network's reason.
    public struct Unreachable: Error, CustomStringConvertible {
        public var description: String

        init(address: PostgresURL, error: any Error) {
            let reason: String
            if let error = error as? PSQLError {
                reason = error.serverInfo?[.message] ?? error.underlying.map { String(describing: $0) } ?? "\(error.code)"
            } else {
                reason = String(describing: error)
            }
            description = "Cannot open PostgreSQL database \(address.database) on \(address.host):\(address.port) as \(address.username): \(reason)"
        }
    }

    public func close() async throws {
        listener.stop()
        changes.finish()
        // Ending the run task closes the pool and its connections.
        runTask.cancel()
        await runTask.value
    }

    // MARK: Sessions

    /// A connection for reads and single statements.
    func session<T: Sendable>(_ body: (Session) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await client.withConnection { connection in try await body(Session(connection: connection, logger: logger)) }
    }

    /// A transaction that commits even if the caller is cancelled meanwhile: a client's hang-up
    /// cancels its request's task, and the settlement that follows must still be written
    /// (LedgerStore's contract). An error thrown by `body` rolls everything back.
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (Session) async throws -> T) async throws -> T {
        let client = self.client, logger = self.logger
        return try await Task {
            try await client.withConnection { connection in
                try await Session(connection: connection, logger: logger).transaction(body)
            }
        }.value
    }

    /// A write of something `CachedCatalog` caches: reported to this process's caches the moment
    /// it commits, not only when the notification comes back from the database.
    @discardableResult
    func catalogWrite<T: Sendable>(_ body: @escaping @Sendable (Session) async throws -> T) async throws -> T {
        let result = try await write(body)
        changes.publish(.committedHere)
        return result
    }

    // MARK: Accounts and keys

    public func createAccount(_ a: Account) async throws {
        try await catalogWrite { s in
            try await s.execute("""
                INSERT INTO accounts (id, name, tier, balance_micros, created_at, disabled_at)
                VALUES (\(a.id), \(a.name), \(a.tier), \(a.balanceMicros), \(a.createdAt), \(a.disabledAt))
                """)
        }
    }

    public func account(id: String) async throws -> Account? {
        try await session { s in try await s.row("SELECT * FROM accounts WHERE id = \(id)").map(Rows.account) }
    }

    public func accounts() async throws -> [Account] {
        try await session { s in try await s.rows("SELECT * FROM accounts ORDER BY created_at, id").map(Rows.account) }
    }

    public func createKey(_ k: APIKeyRecord) async throws {
        let scope = Rows.scopeJSON(k.scope)
        try await catalogWrite { s in
            try await s.execute("""
                INSERT INTO api_keys (id, account_id, prefix, hash, label, is_test, created_at, expires_at, revoked_at,
                    last_used_at, scope, spent_micros)
                VALUES (\(k.id), \(k.accountID), \(k.prefix), \(k.hash), \(k.label), \(k.isTest), \(k.createdAt),
                    \(k.expiresAt), \(k.revokedAt), \(k.lastUsedAt), \(scope), \(k.spentMicros))
                """)
        }
    }

    public func key(hash: String) async throws -> APIKeyRecord? {
        try await session { s in try await s.row("SELECT * FROM api_keys WHERE hash = \(hash)").map(Rows.key) }
    }

    /// "Last used" is for people: one write a minute per key is enough. The write runs beside the
    /// request, which never waits for it; a lost one only makes "last used" a minute older.
    public func markKeyUsed(id: String, at: Millis) {
        guard keyUse.shouldRecord(id: id, at: at) else { return }
        let client = self.client
        Task {
            _ = try? await client.query("UPDATE api_keys SET last_used_at = \(at) WHERE id = \(id)").collect()
        }
    }

    public func tier(named name: String) async throws -> Tier? {
        try await session { s in try await s.row("SELECT name, multiplier_ppm FROM tiers WHERE name = \(name)").map(Rows.tier) }
    }

    public func caller(keyHash: String) async throws -> (key: APIKeyRecord, account: Account)? {
        let found = try await session { s -> (APIKeyRecord, Account)? in
            guard let key = try await s.row("SELECT * FROM api_keys WHERE hash = \(keyHash)").map(Rows.key),
                  let account = try await s.row("SELECT * FROM accounts WHERE id = \(key.accountID)").map(Rows.account)
            else { return nil }
            return (key, account)
        }
        return found.map { (key: $0.0, account: $0.1) }
    }

    /// Reported by this process the moment it commits a change, and by the LISTEN connection for
    /// every change committed anywhere (other nodes, the CLI).
    public func catalogVersion() -> UInt64 { changes.version }

    public func catalogChanges() -> AsyncStream<CatalogChange> {
        let stream = changes.subscribe()
        listener.start()
        return stream
    }

    public func upsertTier(_ tier: Tier) async throws {
        try await catalogWrite { s in
            try await s.execute("""
                INSERT INTO tiers (name, multiplier_ppm) VALUES (\(tier.name), \(tier.multiplierPPM))
                ON CONFLICT (name) DO UPDATE SET multiplier_ppm = excluded.multiplier_ppm
                """)
        }
    }

    // MARK: Settings

    public func setting(_ key: String) async throws -> String? {
        try await session { s in try await s.value(String.self, "SELECT value FROM settings WHERE key = \(key)") }
    }

    public func settingIfAbsent(_ key: String, value: String) async throws -> String {
        try await catalogWrite { s -> String in
            // Inserted, or the value another writer stored first (which the conflict locked).
            if let inserted = try await s.value(
                String.self, "INSERT INTO settings (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO NOTHING RETURNING value")
            {
                return inserted
            }
            return try await s.value(String.self, "SELECT value FROM settings WHERE key = \(key)") ?? value
        }
    }
}
