import Hummingbird

/// Reading list parameters (`limit`, `offset`, `cursor`, filters) with a 400 for bad values.
struct QueryParameters {
    let parameters: Hummingbird.Parameters

    init(_ request: Request) { parameters = request.uri.queryParameters }

    func string(_ name: String) -> String? {
        guard let value = parameters[name[...]].map(String.init), !value.isEmpty else { return nil }
        return value
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw GatewayError(.badRequest, "invalid_parameter", "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw GatewayError(.badRequest, "invalid_parameter", "\(name) must be true or false.")
        }
    }

    static let maxPage = 1000

    /// `limit` (1…1000, default 100) and `offset` (≥ 0).
    func paging(defaultLimit: Int = 100) throws -> (limit: Int, offset: Int) {
        (try int("limit", in: 1...Self.maxPage) ?? defaultLimit, try int("offset", in: 0...Int(Int32.max)) ?? 0)
    }

    /// The usage filters shared by the admin and account APIs and the CSV export.
    func usageQuery() throws -> UsageQuery {
        var q = UsageQuery()
        (q.limit, q.offset) = try paging()
        q.accountID = string("account_id")
        q.keyID = string("key_id")
        q.operation = string("operation")
        q.errorCode = string("error_code")
        if let status = string("status") {
            q.status = try UsageQuery.StatusFilter(parsing: status)
        }
        q.since = try string("since").map { try Timestamp.parse($0, field: "since") }
        q.until = try string("until").map { try Timestamp.parse($0, field: "until") }
        if let cursor = string("cursor") {
            guard let parsed = UsageQuery.Cursor(token: cursor) else {
                throw GatewayError(.badRequest, "invalid_parameter", "cursor must be a next_cursor value from an earlier page.")
            }
            q.after = parsed
        }
        return q
    }
}

extension UsageQuery.StatusFilter {
    /// `ok`, `error`, or an HTTP status code.
    public init(parsing text: String) throws {
        switch text.lowercased() {
        case "ok", "success", "succeeded": self = .succeeded
        case "error", "failed", "failure": self = .failed
        default:
            guard let code = Int(text), (100...599).contains(code) else {
                throw GatewayError(.badRequest, "invalid_parameter", "status must be ok, error or an HTTP status code.")
            }
            self = .exactly(code)
        }
    }
}
