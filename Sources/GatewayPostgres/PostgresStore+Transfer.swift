import Foundation
import Gateway
import PostgresNIO

/// PostgreSQL as the target of `ideogate migrate --to`: rows inserted as the source had them,
/// ids included, converted to each column's type here (SQLite keeps booleans as integers).
extension PostgresStore: TransferTarget {
    public func transferCount(table: String) async throws -> Int {
        let columns = try await columnTypes(table)
        guard !columns.isEmpty else { throw TransferFailure.missingTable(table) }
        return try await session { s in
            Int(try await s.value(Int64.self, PostgresQuery(unsafeSQL: "SELECT COUNT(*)::BIGINT FROM \(Self.quoted(table))")) ?? 0)
        }
    }

    public func isEmptyForTransfer() async throws -> Bool {
        try await session { s in
            try await s.value(Int64.self, "SELECT ((SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM ledger))::BIGINT") == 0
        }
    }

    public func insertTransferred(_ batch: TransferBatch) async throws {
        let types = try await columnTypes(batch.table)
        guard !types.isEmpty else { throw TransferFailure.missingTable(batch.table) }
        for column in batch.columns where types[column] == nil { throw TransferFailure.missingColumn(batch.table, column) }
        // Identity columns take the source's ids as they are; `finishTransfer` moves them on.
        let names = batch.columns.map(Self.quoted).joined(separator: ", ")
        let placeholders = batch.columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        let sql = "INSERT INTO \(Self.quoted(batch.table)) (\(names)) OVERRIDING SYSTEM VALUE VALUES (\(placeholders))"
        let rows = batch.rows, columns = batch.columns
        try await write { s in
            for row in rows {
                var bindings = PostgresBindings(capacity: row.count)
                for (column, value) in zip(columns, row) {
                    try Self.bind(value, as: types[column] ?? "text", into: &bindings)
                }
                try await s.execute(PostgresQuery(unsafeSQL: sql, binds: bindings))
            }
        }
    }

    public func clearForTransfer(table: String) async throws {
        guard try await !columnTypes(table).isEmpty else { throw TransferFailure.missingTable(table) }
        try await write { s in try await s.execute(PostgresQuery(unsafeSQL: "DELETE FROM \(Self.quoted(table))")) }
    }

    /// Identity columns received the source's ids; their sequences continue after the largest.
    public func finishTransfer() async throws {
        try await write { s in
            let identities = try await s.rows("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND is_identity = 'YES'
                """)
            for row in identities {
                let table: String = try row.get("table_name"), column: String = try row.get("column_name")
                try await s.execute(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'),
                        GREATEST(COALESCE((SELECT MAX(\(Self.quoted(column))) FROM \(Self.quoted(table))), 0), 1))
                    """))
            }
        }
    }

    enum TransferFailure: Error, CustomStringConvertible {
        case missingTable(String)
        case missingColumn(String, String)
        case unconvertible(String, String)
        var description: String {
            switch self {
            case .missingTable(let t): "the target database has no table \(t)"
            case .missingColumn(let t, let c): "the target's table \(t) has no column \(c)"
            case .unconvertible(let type, let value): "a \(value) value cannot go into a \(type) column"
            }
        }
    }

    private func columnTypes(_ table: String) async throws -> [String: String] {
        try await session { s in
            var types: [String: String] = [:]
            for row in try await s.rows("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = \(table)
                """) {
                types[try row.get("column_name")] = try row.get("data_type")
            }
            return types
        }
    }

    private static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    private static func bind(_ value: TransferValue, as type: String, into bindings: inout PostgresBindings) throws {
        switch (value, type) {
        case (.null, _): bindings.appendNull()
        case (.integer(let v), "boolean"): bindings.append(v != 0)
        case (.integer(let v), "integer"): bindings.append(Int32(truncatingIfNeeded: v))
        case (.integer(let v), "smallint"): bindings.append(Int16(truncatingIfNeeded: v))
        case (.integer(let v), "double precision"), (.integer(let v), "real"): bindings.append(Double(v))
        case (.integer(let v), "text"): bindings.append(String(v))
        case (.integer(let v), _): bindings.append(v)
        case (.real(let v), "bigint"), (.real(let v), "integer"): bindings.append(Int64(v))
        case (.real(let v), _): bindings.append(v)
        case (.text(let v), "bytea"): bindings.append(ByteBuffer(string: v))
        case (.text(let v), "boolean"): bindings.append(v == "1" || v.lowercased() == "true")
        case (.text(let v), "bigint"):
            guard let n = Int64(v) else { throw TransferFailure.unconvertible(type, "text") }
            bindings.append(n)
        case (.text(let v), _): bindings.append(v)
        case (.blob(let v), "text"): bindings.append(String(decoding: v, as: UTF8.self))
        case (.blob(let v), _): bindings.append(ByteBuffer(bytes: v))
        }
    }
}
