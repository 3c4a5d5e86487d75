import Foundation
import IdeogramAPI

/// Times on the admin and account surfaces: RFC 3339 in UTC out; RFC 3339 or Unix
/// milliseconds in.
enum Timestamp {
    static func string(_ millis: Millis) -> String { RFC3339.format(Date(millis: millis)) }
    static func string(_ millis: Millis?) -> String? { millis.map(string) }

    /// Parses a time a caller sent, or throws a 400 naming the field.
    static func parse(_ text: String, field: String) throws -> Millis {
        if let millis = Millis(text) { return millis }
        guard let date = RFC3339.parse(text) else {
            throw GatewayError(.badRequest, "invalid_time", "\(field) must be an RFC 3339 time (2026-01-31T12:00:00Z) or Unix milliseconds.")
        }
        return date.millis
    }
}
