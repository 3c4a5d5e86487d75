import Foundation
import Gateway
import GRDB

/// The embedded store as the source (and, for tests and moving back, the target) of a migration.
extension SQLiteStore: TransferSource, TransferTarget {
    /// Describe running processes or GRDB's own state, not the install.
    static let untransferred: Set<String> = ["grdb_migrations", "nodes", "slot_leases", "idempotency", "catalog_version"]

    public func transferTables() async throws -> [String] {
        try await pool.read { db in
            let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                .filter { !Self.untransferred.contains($0) }
            var parents: [String: Set<String>] = [:]
            for name in names {
                parents[name] = Set(try Row.fetchAll(db, sql: "SELECT \"table\" FROM pragma_foreign_key_list(?)", arguments: [name])
                    .map { $0["table"] as String }).subtracting([name])
            }
            // Parents first: repeatedly take the tables whose parents are all placed.
            var ordered: [String] = []
            var placed: Set<String> = []
            while ordered.count < names.count {
                let ready = names.filter { !placed.contains($0) && (parents[$0] ?? []).isSubset(of: placed) }
                guard !ready.isEmpty else { return ordered + names.filter { !placed.contains($0) } }
                ordered += ready
                placed.formUnion(ready)
            }
            return ordered
        }
    }

    public func transferRows(table: String, offset: Int, limit: Int) async throws -> TransferBatch {
        try await pool.read { db in
            let columns = try Self.columns(db, table)
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM \(Self.quoted(table)) ORDER BY rowid LIMIT ? OFFSET ?", arguments: [limit, offset])
            return TransferBatch(table: table, columns: columns, rows: rows.map { row in
                columns.map { Self.value(row[$0] as DatabaseValue) }
            })
        }
    }

    public func transferCount(table: String) async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(Self.quoted(table))") ?? 0 }
    }

    public func isEmptyForTransfer() async throws -> Bool {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM ledger)") == 0
        }
    }

    public func insertTransferred(_ batch: TransferBatch) async throws {
        try await batcher.write { db in
            let known = Set(try Self.columns(db, batch.table))
            guard !known.isEmpty else { throw TransferError.missingTable(batch.table) }
            if let missing = batch.columns.first(where: { !known.contains($0) }) { throw TransferError.missingColumn(batch.table, missing) }
            let sql = "INSERT INTO \(Self.quoted(batch.table)) (\(batch.columns.map(Self.quoted).joined(separator: ", "))) VALUES (\(batch.columns.map { _ in "?" }.joined(separator: ", ")))"
            let statement = try db.makeStatement(sql: sql)
            for row in batch.rows {
                try statement.execute(arguments: StatementArguments(row.map(Self.databaseValue)))
            }
        }
    }

    public func finishTransfer() async throws {}

    public func clearForTransfer(table: String) async throws {
        try await batcher.write { db in
            guard try !Self.columns(db, table).isEmpty else { throw TransferError.missingTable(table) }
            try db.execute(sql: "DELETE FROM \(Self.quoted(table))")
        }
    }

    enum TransferError: Error, CustomStringConvertible {
        case missingTable(String)
        case missingColumn(String, String)
        var description: String {
            switch self {
            case .missingTable(let t): "the target has no table \(t)"
            case .missingColumn(let t, let c): "the target's table \(t) has no column \(c)"
            }
        }
    }

    private static func columns(_ db: Database, _ table: String) throws -> [String] {
        try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table]).map { $0["name"] }
    }

    private static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    private static func value(_ value: DatabaseValue) -> TransferValue {
        switch value.storage {
        case .null: .null
        case .int64(let v): .integer(v)
        case .double(let v): .real(v)
        case .string(let v): .text(v)
        case .blob(let v): .blob(Array(v))
        }
    }

    private static func databaseValue(_ value: TransferValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let v): v.databaseValue
        case .real(let v): v.databaseValue
        case .text(let v): v.databaseValue
        case .blob(let v): Data(v).databaseValue
        }
    }
}
