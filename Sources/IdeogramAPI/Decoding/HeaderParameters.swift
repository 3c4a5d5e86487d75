import Foundation

/// A header value with `;`-separated parameters, as in `Content-Type` and `Content-Disposition`:
/// `form-data; name="image"; filename="a b.png"`. Quoted strings may contain `;` and `\"`.
/// `filename*=UTF-8''…` (RFC 5987) wins over `filename`, as browsers intend.
struct HeaderParameters {
    let value: String
    private var parameters: [String: String] = [:]
    /// A parameter key (as written, `filename*` apart from `filename`) that occurs more than
    /// once. Parsers disagree on which occurrence wins, so a caller that relays the header must
    /// refuse it rather than guess.
    private(set) var repeatedKey: String?

    init(_ header: String) {
        var segments: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for char in header {
            if escaped {
                current.append(char)
                escaped = false
            } else if inQuotes && char == "\\" {
                escaped = true
            } else if char == "\"" {
                inQuotes.toggle()
            } else if char == ";" && !inQuotes {
                segments.append(current)
                current = ""
            } else {
                current.append(char)
            }
        }
        segments.append(current)

        value = segments[0].trimmingCharacters(in: .whitespaces)
        var seen: Set<String> = []
        for segment in segments.dropFirst() {
            guard let equals = segment.firstIndex(of: "=") else { continue }
            let key = segment[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            if !seen.insert(key).inserted, repeatedKey == nil { repeatedKey = key }
            let raw = segment[segment.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if key.hasSuffix("*"), let decoded = Self.decodeExtended(raw) {
                parameters[String(key.dropLast())] = decoded
            } else if parameters[key] == nil {
                parameters[key] = raw
            }
        }
    }

    subscript(_ key: String) -> String? { parameters[key.lowercased()] }

    /// `UTF-8''na%C3%AFve.png` → `naïve.png`.
    private static func decodeExtended(_ raw: String) -> String? {
        let pieces = raw.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3 else { return nil }
        return String(pieces[2]).removingPercentEncoding
    }
}
