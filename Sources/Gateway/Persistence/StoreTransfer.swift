/// Moving an install between backends (`ideogate migrate --to …`): every table's rows as plain
/// values, read from one backend and written to another with the same schema. The ledger, usage
/// and tasks are copied as rows — never replayed through holds and settlements — so the target's
/// books are the source's, entry for entry, and the audit proves it afterwards.
public enum TransferValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// Rows of one table, in the source's column order.
public struct TransferBatch: Sendable, Equatable {
    public var table: String
    public var columns: [String]
    public var rows: [[TransferValue]]

    public init(table: String, columns: [String], rows: [[TransferValue]]) {
        self.table = table
        self.columns = columns
        self.rows = rows
    }
}

/// A backend an install can be copied from.
public protocol TransferSource: Sendable {
    /// The tables that hold the install, parents before the tables that refer to them. Tables
    /// that only describe running processes (nodes, slot leases, in-progress claims) and the
    /// backend's own bookkeeping are left out.
    func transferTables() async throws -> [String]
    /// Up to `limit` rows of `table` after the first `offset`, in a stable order.
    func transferRows(table: String, offset: Int, limit: Int) async throws -> TransferBatch
    /// How many rows `table` has, to verify the copy.
    func transferCount(table: String) async throws -> Int
}

/// A backend an install can be copied into.
public protocol TransferTarget: Sendable {
    /// How many rows `table` has, to verify the copy.
    func transferCount(table: String) async throws -> Int
    /// True when the target holds no account and no ledger entry: a migration never merges into
    /// an install that is already in use.
    func isEmptyForTransfer() async throws -> Bool
    /// Empties `table` before its first batch: a new store seeds defaults (the price list, the
    /// tiers) that the install's own rows replace.
    func clearForTransfer(table: String) async throws
    /// Inserts the rows as they are. Throws when the target lacks the table or a column.
    func insertTransferred(_ batch: TransferBatch) async throws
    /// After the last batch: moves generated-id sequences past the copied ids.
    func finishTransfer() async throws
}
