import Foundation
import NIOCore

/// Reads a JSON request body (or a JSON form part) that must be an object.
///
/// Nesting is bounded before the decoder sees the bytes: `JSONValue` decodes recursively, and
/// 100,000 `[` would otherwise mean 100,000 nested calls. No Ideogram request nests deeper than
/// four levels, so `maxDepth` costs a real client nothing.
enum JSONBodyReader {
    static let maxDepth = 64

    static func readObject(_ bytes: ByteBuffer, what: String = "The request body") throws(IdeogramError) -> [String: JSONValue] {
        try readObject(Data(bytes.readableBytesView), what: what)
    }

    static func readObject(_ text: String, what: String) throws(IdeogramError) -> [String: JSONValue] {
        try readObject(Data(text.utf8), what: what)
    }

    private static func readObject(_ data: Data, what: String) throws(IdeogramError) -> [String: JSONValue] {
        guard nestingDepth(of: data, exceeds: maxDepth) == false else {
            throw .invalidJSON("\(what) nests arrays and objects deeper than \(maxDepth) levels.")
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .invalidJSON("\(what) is not valid JSON.")
        }
        guard case .object(let object) = value else {
            throw .invalidJSON("\(what) must be a JSON object.")
        }
        return object
    }

    static func readValue(_ text: String) -> JSONValue? {
        let data = Data(text.utf8)
        guard !nestingDepth(of: data, exceeds: maxDepth) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// One pass, no recursion: counts `[` and `{` outside string literals. Malformed text is left
    /// to the decoder; this only has to be right about how deep a valid document goes.
    static func nestingDepth(of bytes: some Sequence<UInt8>, exceeds limit: Int) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            default:
                break
            }
        }
        return false
    }
}
