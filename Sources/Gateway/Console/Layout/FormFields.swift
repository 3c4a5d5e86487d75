import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body, as the console's forms send it.
struct FormFields: Sendable {
    private(set) var values: [String: String] = [:]

    static let maxBytes = 256 * 1024

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            // The first value wins: a repeated field cannot override one the page put first.
            if values[name] == nil { values[name] = value }
        }
    }

    static func read(_ request: Request) async throws -> FormFields {
        let body = try await request.body.collect(upTo: maxBytes)
        return FormFields(String(decoding: body.readableBytesView, as: UTF8.self))
    }

    static func decode(_ s: Substring) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    subscript(_ name: String) -> String? { values[name] }

    /// A field with surrounding space removed; nil when missing or blank.
    func text(_ name: String) -> String? {
        guard let v = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }
}
