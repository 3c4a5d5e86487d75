import ArgumentParser
import Foundation
import Gateway

struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Show the usage log, newest first, or export it as CSV.")

    @Option(help: "Only this account.") var account: String?
    @Option(help: "Only this key id.") var key: String?
    @Option(help: "Only this operation, e.g. v3.generate.") var operation: String?
    @Option(help: "ok, error, or an HTTP status code.") var status: String?
    @Option(name: .customLong("error-code"), help: "Only this error code.") var errorCode: String?
    @Option(help: "From this time on (2026-12-31, RFC 3339).") var since: String?
    @Option(help: "Before this time.") var until: String?
    @Option(help: "At most this many rows.") var limit: Int = 100
    @Option(help: "Skip this many rows.") var offset: Int = 0
    @Flag(help: "CSV with a header row, for spreadsheets.") var csv = false
    @OptionGroup var data: DataOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
    }

    func run() async throws {
        var query = UsageQuery()
        query.accountID = account
        query.keyID = key
        query.operation = operation
        query.errorCode = errorCode
        query.status = try status.map { try UsageQuery.StatusFilter(parsing: $0) }
        query.since = try since.map { Int64(try VerbInput.time($0, name: "--since").timeIntervalSince1970 * 1000) }
        query.until = try until.map { Int64(try VerbInput.time($0, name: "--until").timeIntervalSince1970 * 1000) }
        query.limit = limit
        query.offset = offset
        let rows = try await data.store().usage(query)
        if csv {
            print(UsageCSV.headerLine() + rows.map(UsageCSV.line).joined(), terminator: "")
            return
        }
        Table.print(rows.map {
            [
                VerbInput.millisText($0.createdAt), $0.requestID, $0.accountID ?? "-", $0.operation, $0.variant ?? "-",
                "\($0.imagesDelivered)/\($0.imagesRequested)", Money.format($0.chargedMicros), String($0.status),
                $0.errorCode ?? "", "\($0.latencyMillis)ms", $0.channel ?? "-",
            ]
        })
    }
}
