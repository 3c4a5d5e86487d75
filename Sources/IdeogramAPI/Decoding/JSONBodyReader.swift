import Foundation
import NIOCore

/// Reads a JSON request body (or a JSON form part) that must be an object.
///
/// A linear pre-scan (`JSONShape`) runs before the decoder sees the bytes. It bounds nesting:
/// `JSONValue` decodes recursively, and 100,000 `[` would otherwise mean 100,000 nested calls;
/// no Ideogram request nests deeper than four levels, so `maxDepth` costs a real client nothing.
/// It also refuses an object with the same key twice: Foundation keeps the first, Ideogram's
/// Python the last, and a body relayed as received must mean the same thing on both sides.
enum JSONBodyReader {
    static let maxDepth = 64

    static func readObject(_ bytes: ByteBuffer, what: String = "The request body") throws(IdeogramError) -> [String: JSONValue] {
        try readObject(Data(bytes.readableBytesView), what: what)
    }

    static func readObject(_ text: String, what: String) throws(IdeogramError) -> [String: JSONValue] {
        try readObject(Data(text.utf8), what: what)
    }

    private static func readObject(_ data: Data, what: String) throws(IdeogramError) -> [String: JSONValue] {
        switch JSONShape.check(Array(data), maxDepth: maxDepth) {
        case .tooDeep?:
            throw .invalidJSON("\(what) nests arrays and objects deeper than \(maxDepth) levels.")
        case .repeatedKey(let key)?:
            throw .invalidJSON("\(what) has the key '\(key)' more than once in one object.")
        case nil:
            break
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

    /// Any JSON value; nil for text that is not JSON, nests too deep or repeats a key.
    static func readValue(_ text: String) -> JSONValue? {
        let bytes = Array(text.utf8)
        guard JSONShape.check(bytes, maxDepth: maxDepth) == nil else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }
}

/// One pass over JSON text, no recursion: nesting depth and repeated keys. Malformed text is
/// left to the decoder; this only has to be right about documents that are well-formed.
enum JSONShape: Equatable {
    case tooDeep
    case repeatedKey(String)

    static func check(_ bytes: [UInt8], maxDepth: Int) -> JSONShape? {
        // One entry per open array or object; the key sets are mutated in place.
        var isObject: [Bool] = []
        var expectsKey: [Bool] = []
        var keys: [Set<[UInt8]>] = []
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                let start = index + 1
                var end = start
                var escaped = false
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    if bytes[end] == UInt8(ascii: "\\") {
                        escaped = true
                        end += 1
                    }
                    end += 1
                }
                if let top = isObject.indices.last, isObject[top], expectsKey[top] {
                    let raw = Array(bytes[start..<min(end, bytes.count)])
                    let key = escaped ? unescaped(raw) : raw
                    if !keys[top].insert(key).inserted { return .repeatedKey(String(decoding: key, as: UTF8.self)) }
                    expectsKey[top] = false
                }
                index = end + 1
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard isObject.count < maxDepth else { return .tooDeep }
                let object = bytes[index] == UInt8(ascii: "{")
                isObject.append(object)
                expectsKey.append(object)
                keys.append([])
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !isObject.isEmpty {
                    isObject.removeLast()
                    expectsKey.removeLast()
                    keys.removeLast()
                }
            case UInt8(ascii: ","):
                if let top = isObject.indices.last, isObject[top] { expectsKey[top] = true }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// `a\u0062` and `ab` are the same key: escapes are decoded before keys are compared.
    private static func unescaped(_ raw: [UInt8]) -> [UInt8] {
        let quoted = Data([UInt8(ascii: "\"")] + raw + [UInt8(ascii: "\"")])
        guard let text = try? JSONDecoder().decode(String.self, from: quoted) else { return raw }
        return Array(text.utf8)
    }
}
