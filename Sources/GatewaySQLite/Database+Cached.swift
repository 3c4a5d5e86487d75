import GRDB
import Gateway

extension Database {
    /// Runs a statement prepared once per connection. The request path's statements run thousands
    /// of times a second; preparing (parsing and authorising) each time was a tenth of its cost.
    func run(_ sql: String, _ arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// The first column of the first row of a cached statement.
    func value<T: DatabaseValueConvertible & StatementColumnConvertible>(_ type: T.Type, _ sql: String, _ arguments: StatementArguments = []) throws -> T? {
        try T.fetchOne(cachedStatement(sql: sql), arguments: arguments)
    }
}
