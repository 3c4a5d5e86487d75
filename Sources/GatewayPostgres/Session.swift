import Logging
import PostgresNIO

/// One leased connection and the logger its queries report to: the only way the store's
/// methods reach the database, so every statement binds its values (`PostgresQuery`'s string
/// interpolation) and nothing splices text into SQL.
struct Session {
    let connection: PostgresConnection
    let logger: Logger

    /// Every row of the result, each readable by column name.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }

    func row(_ query: PostgresQuery) async throws -> PostgresRandomAccessRow? {
        try await rows(query).first
    }

    /// The first column of the first row, or nil when there is no row.
    func value<T: PostgresDecodable>(_ type: T.Type, _ query: PostgresQuery) async throws -> T? {
        guard let row = try await connection.query(query, logger: logger).collect().first else { return nil }
        return try row.makeRandomAccess()[0].decode(T?.self) ?? nil
    }

    /// Runs a statement and returns how many rows came back: statements that must know whether
    /// they changed anything say `RETURNING 1`.
    @discardableResult
    func execute(_ query: PostgresQuery) async throws -> Int {
        try await connection.query(query, logger: logger).collect().count
    }
}

extension PostgresRandomAccessRow {
    func get<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}

extension PSQLError {
    /// The server's SQLSTATE, e.g. 23505 for a unique violation.
    var sqlState: String? { serverInfo?[.sqlState] }
}

enum SQLState {
    static let uniqueViolation = "23505"
    static let foreignKeyViolation = "23503"
}
