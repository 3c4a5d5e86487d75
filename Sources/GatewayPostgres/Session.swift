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
        let cell = row.makeRandomAccess()[0]
        guard cell.bytes != nil else { return nil }  // SQL NULL
        return try cell.decode(T.self)
    }

    /// Runs a statement and returns how many rows came back: statements that must know whether
    /// they changed anything say `RETURNING 1`.
    @discardableResult
    func execute(_ query: PostgresQuery) async throws -> Int {
        try await connection.query(query, logger: logger).collect().count
    }
}

extension Session {
    /// Runs `body` between BEGIN and COMMIT, rolling back if it throws. Unlike PostgresNIO's
    /// `withTransaction`, the error `body` threw comes out unwrapped, so a refusal thrown to roll
    /// a money step back can be told from a failure.
    func transaction<T>(_ body: (Session) async throws -> T) async throws -> T {
        try await execute("BEGIN")
        let value: T
        do {
            value = try await body(self)
        } catch {
            do {
                try await execute("ROLLBACK")
            } catch {
                // A connection that cannot roll back must not go back to the pool mid-transaction.
                try? await connection.close()
            }
            throw error
        }
        try await execute("COMMIT")
        return value
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
