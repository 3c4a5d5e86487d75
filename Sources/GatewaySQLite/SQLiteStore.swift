import Foundation
import GRDB
import Gateway
import NIOConcurrencyHelpers

/// The embedded store: one SQLite file in WAL mode under the data directory.
///
/// Every money step is a single write transaction, and SQLite runs one writer at a time, so the
/// balance check and the balance change cannot interleave between requests.
public struct SQLiteStore: GatewayStore {
    let pool: DatabasePool
    /// The request path's writes (holds, settlements, usage rows) share commits through this.
    let batcher: WriteBatcher
    /// Catalogue changes, for `CachedCatalog`: this process's commits and other processes'.
    let changes = CatalogChangeBroadcast()
    let versionWatch: CatalogVersionWatch
    /// When each key's last use was last written.
    let keyUse = KeyUseThrottle()

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        try self.init(path: path, schemaUpTo: nil)
    }

    /// Opens the database with its schema brought up to the named migration only — how the tests
    /// build a database as an older release left it, to prove a later migration's data moves.
    init(path: String, schemaUpTo lastMigration: String?) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            // NORMAL keeps every commit durable against a process crash (the WAL is written
            // before commit returns); only a power loss can drop the last transactions.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        config.busyMode = .timeout(10)
        // Born owner-only: SQLite gives the WAL and shared-memory files the database file's mode.
        try FilePermissions.createIfAbsent(path, mode: FilePermissions.secretFile)
        pool = try DatabasePool(path: path, configuration: config)
        if let lastMigration {
            try SQLiteMigrations.migrator.migrate(pool, upTo: lastMigration)
        } else {
            try SQLiteMigrations.migrator.migrate(pool)
        }
        // An existing database may be older than that rule, or a copy made with looser bits.
        for file in [path, path + "-wal", path + "-shm"] {
            try FilePermissions.restrict(file, to: FilePermissions.secretFile)
        }
        batcher = WriteBatcher(pool: pool)
        versionWatch = CatalogVersionWatch(pool: pool, changes: changes)
        let observer = CatalogObserver(changes: changes)
        try pool.write { db in db.add(transactionObserver: observer, extent: .databaseLifetime) }
    }

    /// Opens the database the configuration names; the data directory must exist.
    public static func open(_ config: GatewayConfig) throws -> SQLiteStore {
        try SQLiteStore(path: config.databasePath)
    }

    public func close() async throws {
        versionWatch.stop()
        changes.finish()
        // A write queued behind the batcher runs before the pool is closed.
        _ = try? await batcher.write { _ in true }
        try pool.close()
    }

    // MARK: Accounts and keys

    public func createAccount(_ account: Account) async throws {
        try await pool.write { db in try AccountRow(account).insert(db) }
    }

    public func account(id: String) async throws -> Account? {
        try await pool.read { db in try AccountRow.fetchOne(db, key: id)?.value }
    }

    public func accounts() async throws -> [Account] {
        try await pool.read { db in try AccountRow.order(Column("created_at")).fetchAll(db).map(\.value) }
    }

    public func createKey(_ key: APIKeyRecord) async throws {
        try await pool.write { db in try KeyRow(key).insert(db) }
    }

    public func key(hash: String) async throws -> APIKeyRecord? {
        try await pool.read { db in try KeyRow.filter(Column("hash") == hash).fetchOne(db)?.value }
    }

    /// "Last used" is for people: one write a minute per key is enough, and a write per request
    /// would cost every request a transaction. The write joins the next group commit; a lost
    /// one (a crash) only makes "last used" a minute older.
    public func markKeyUsed(id: String, at: Millis) {
        guard keyUse.shouldRecord(id: id, at: at) else { return }
        let batcher = self.batcher
        Task {
            _ = try? await batcher.write { db in
                try db.execute(sql: "UPDATE api_keys SET last_used_at = ? WHERE id = ?", arguments: [at, id])
            }
        }
    }

    public func tier(named name: String) async throws -> Tier? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT name, multiplier_ppm FROM tiers WHERE name = ?", arguments: [name])
                .map { Tier(name: $0["name"], multiplierPPM: $0["multiplier_ppm"]) }
        }
    }

    public func caller(keyHash: String) async throws -> (key: APIKeyRecord, account: Account)? {
        try await pool.read { db in
            guard let key = try KeyRow.filter(Column("hash") == keyHash).fetchOne(db)?.value,
                  let account = try AccountRow.fetchOne(db, key: key.accountID)?.value
            else { return nil }
            return (key, account)
        }
    }

    /// Reported by a transaction observer the moment this process commits a change, and by
    /// `catalog_version` polling for commits of other processes (the CLI).
    public func catalogVersion() -> UInt64 { changes.version }

    public func catalogChanges() -> AsyncStream<CatalogChange> {
        let stream = changes.subscribe()
        versionWatch.start()
        return stream
    }

    public func upsertTier(_ tier: Tier) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO tiers (name, multiplier_ppm) VALUES (?, ?)
                    ON CONFLICT(name) DO UPDATE SET multiplier_ppm = excluded.multiplier_ppm
                    """,
                arguments: [tier.name, tier.multiplierPPM])
        }
    }

    // MARK: Settings

    public func setting(_ key: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])
        }
    }

    public func settingIfAbsent(_ key: String, value: String) async throws -> String {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                arguments: [key, value])
            return try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) ?? value
        }
    }
}

// MARK: - Rows

/// GRDB records mirror the public values one to one; they stay private to the store so the rest
/// of the gateway never depends on GRDB.
struct AccountRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "accounts"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    var id: String
    var name: String
    var tier: String
    var balanceMicros: Int64
    var createdAt: Int64
    var disabledAt: Int64?

    init(_ a: Account) {
        (id, name, tier, balanceMicros, createdAt, disabledAt) = (a.id, a.name, a.tier, a.balanceMicros, a.createdAt, a.disabledAt)
    }
    var value: Account {
        Account(id: id, name: name, tier: tier, balanceMicros: balanceMicros, createdAt: createdAt, disabledAt: disabledAt)
    }
}

struct KeyRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "api_keys"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    var id: String
    var accountId: String
    var prefix: String
    var hash: String
    var label: String
    var isTest: Bool
    var createdAt: Int64
    var expiresAt: Int64?
    var revokedAt: Int64?
    var lastUsedAt: Int64?
    var scope: String
    var spentMicros: Int64

    init(_ k: APIKeyRecord) {
        id = k.id; accountId = k.accountID; prefix = k.prefix; hash = k.hash; label = k.label
        isTest = k.isTest; createdAt = k.createdAt; expiresAt = k.expiresAt; revokedAt = k.revokedAt
        lastUsedAt = k.lastUsedAt
        scope = (try? JSONEncoder().encode(k.scope)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        spentMicros = k.spentMicros
    }
    var value: APIKeyRecord {
        APIKeyRecord(
            id: id, accountID: accountId, prefix: prefix, hash: hash, label: label, isTest: isTest,
            createdAt: createdAt, expiresAt: expiresAt, revokedAt: revokedAt, lastUsedAt: lastUsedAt,
            // A scope that cannot be read allows nothing rather than everything.
            scope: (try? JSONDecoder().decode(KeyScope.self, from: Data(scope.utf8))) ?? KeyScope(operations: []),
            spentMicros: spentMicros)
    }
}
