import ArgumentParser
import Foundation
import Gateway

extension DataOptions {
    /// The one way a verb reaches the data: the store, without the server's start-up sweep.
    func store() async throws -> any GatewayStore {
        try await Ideogate.openStore(config(), store: storeOpener())
    }
}

/// Arguments in the units people type: dollars, times, lists.
enum VerbInput {
    /// Dollars ("5", "2.50", "$0.06") to micros; `positive` refuses zero as well as negatives.
    static func dollars(_ text: String, name: String, positive: Bool = true) throws -> Int64 {
        guard let micros = Money.parse(text), positive ? micros > 0 : micros >= 0 else {
            throw ValidationError("\(name) must be a \(positive ? "positive" : "non-negative") dollar amount, e.g. 5 or 0.06")
        }
        return micros
    }

    /// An RFC 3339 time, a date (`2026-12-31`, midnight UTC), or a number of days from now (`30d`).
    static func time(_ text: String, name: String, now: Date = Date()) throws -> Date {
        if text.hasSuffix("d"), let days = Double(text.dropLast()), days > 0 {
            return now.addingTimeInterval(days * 86_400)
        }
        let candidates = [text, text + "T00:00:00Z"]
        for candidate in candidates {
            if let date = try? Date.ISO8601FormatStyle().parse(candidate) { return date }
            if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(candidate) { return date }
        }
        throw ValidationError("\(name) must be a time (2026-12-31T00:00:00Z), a date (2026-12-31) or days from now (30d)")
    }

    /// A comma-separated list; `any` (or an empty value) means no restriction.
    static func list(_ text: String) -> [String]? {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return items.isEmpty || items == ["any"] ? nil : items
    }

    static func millisText(_ millis: Int64?) -> String {
        guard let millis else { return "-" }
        return Date(timeIntervalSince1970: Double(millis) / 1000).formatted(.iso8601)
    }
}

/// Tab-separated rows for people and for `cut`/`awk`.
enum Table {
    static func print(_ rows: [[String]]) {
        for row in rows { Swift.print(row.joined(separator: "\t")) }
    }
}

extension GatewayError: CustomStringConvertible {
    /// What the command line prints for a refused change: the message and its code.
    public var description: String { "\(message) (\(code))" }
}
