import Foundation
import NIOCore

/// Parses JSON text into a `JSONValue` in one pass over the bytes, without recursion.
///
/// Every request body and JSON form part goes through here before anything is held, so it is
/// on the request path of every call. Foundation's `JSONDecoder` took about 5 % of the
/// gateway's CPU per request for this (a generic `Decodable` walk that tries each `JSONValue`
/// case in turn), plus a separate pre-scan for nesting depth and repeated keys; this parser does
/// all of it in one loop.
///
/// What it accepts and what each value becomes is Foundation's `JSONDecoder` decoding
/// `JSONValue`, byte for byte (a differential test holds the two to it), because a body relayed
/// upstream must mean what it meant before:
/// - a number without fraction or exponent is `.int` when it fits `Int64`, else `.number`; any
///   other number is read as a `Double` and becomes `.int` when that is integral and below 2^53
///   (`1.0`, `1e2`), else `.number`; a number beyond `Double`'s range is an error;
/// - a trailing comma before `]` or `}` is accepted, a UTF-8 byte-order mark before the value
///   is skipped; control characters in strings, lone surrogates and invalid UTF-8 are errors.
/// Unlike Foundation it reads UTF-8 only, not UTF-16 or UTF-32: JSON exchanged between systems
/// is UTF-8 (RFC 8259 §8.1), and no client of Ideogram's sends anything else.
/// Beyond Foundation it refuses nesting deeper than `maxDepth` and an object that repeats a key
/// (Foundation keeps the first, Ideogram's Python the last).
public struct JSONParser {
    public enum Failure: Error, Equatable {
        case invalid
        case tooDeep
        case repeatedKey(String)
    }

    /// One open array or object.
    private enum Frame {
        case array([JSONValue])
        /// The members so far, and the key whose value is being read.
        case object([String: JSONValue], key: String)
    }

    /// Deeper than any request Ideogram defines (four levels), shallow enough that no body can
    /// make nesting cost more than its bytes.
    public static let defaultMaxDepth = 64

    public static func parse(_ buffer: ByteBuffer, maxDepth: Int = defaultMaxDepth) throws(Failure) -> JSONValue {
        let parsed: Result<JSONValue, Failure> = buffer.withUnsafeReadableBytes { raw in
            Result { () throws(Failure) in try parse(raw, maxDepth: maxDepth) }
        }
        return try parsed.get()
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        return try parser.document()
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int) throws(Failure) -> JSONValue {
        let parsed: Result<JSONValue, Failure> = bytes.withUnsafeBytes { raw in
            Result { () throws(Failure) in try parse(raw, maxDepth: maxDepth) }
        }
        return try parsed.get()
    }

    private let bytes: UnsafeRawBufferPointer
    private let maxDepth: Int
    private var index = 0

    private init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private mutating func document() throws(Failure) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        let value = try value()
        skipWhitespace()
        guard index == bytes.count else { throw .invalid }
        return value
    }

    /// A value at the current position; arrays and objects are built on an explicit stack.
    private mutating func value() throws(Failure) -> JSONValue {
        var stack: [Frame] = []
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw .invalid }
            var finished: JSONValue
            switch bytes[index] {
            case UInt8(ascii: "["):
                index += 1
                guard stack.count < maxDepth else { throw .tooDeep }
                skipWhitespace()
                if peek(UInt8(ascii: "]")) {
                    index += 1
                    finished = .array([])
                } else {
                    stack.append(.array([]))
                    continue
                }
            case UInt8(ascii: "{"):
                index += 1
                guard stack.count < maxDepth else { throw .tooDeep }
                skipWhitespace()
                if peek(UInt8(ascii: "}")) {
                    index += 1
                    finished = .object([:])
                } else {
                    stack.append(.object([:], key: try key(in: [:])))
                    continue
                }
            case UInt8(ascii: "\""):
                finished = .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                finished = .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                finished = .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                finished = .null
            default:
                finished = try number()
            }
            // Hand the finished value to the frames above it, closing every frame it completes.
            while true {
                guard let top = stack.popLast() else { return finished }
                skipWhitespace()
                guard index < bytes.count else { throw .invalid }
                let separator = bytes[index]
                index += 1
                switch top {
                case .array(var items):
                    items.append(finished)
                    if separator == UInt8(ascii: ",") {
                        skipWhitespace()
                        if peek(UInt8(ascii: "]")) {
                            index += 1
                            finished = .array(items)
                            continue
                        }
                        stack.append(.array(items))
                    } else if separator == UInt8(ascii: "]") {
                        finished = .array(items)
                        continue
                    } else {
                        throw .invalid
                    }
                case .object(var members, let key):
                    members[key] = finished
                    if separator == UInt8(ascii: ",") {
                        skipWhitespace()
                        if peek(UInt8(ascii: "}")) {
                            index += 1
                            finished = .object(members)
                            continue
                        }
                        let next = try self.key(in: members)
                        stack.append(.object(members, key: next))
                    } else if separator == UInt8(ascii: "}") {
                        finished = .object(members)
                        continue
                    } else {
                        throw .invalid
                    }
                }
                break
            }
        }
    }

    /// `"key" :`, refusing a key the object already has.
    private mutating func key(in members: [String: JSONValue]) throws(Failure) -> String {
        guard peek(UInt8(ascii: "\"")) else { throw .invalid }
        let key = try string()
        if members[key] != nil { throw .repeatedKey(key) }
        skipWhitespace()
        guard peek(UInt8(ascii: ":")) else { throw .invalid }
        index += 1
        return key
    }

    private mutating func string() throws(Failure) -> String {
        index += 1  // the opening quote
        let start = index
        // Fast path: no escapes, the bytes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                guard let text else { throw .invalid }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw .invalid }
            index += 1
        }
        var decoded = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: decoded, as: UTF8.self) else { throw .invalid }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &decoded)
            case ..<0x20:
                throw .invalid
            default:
                decoded.append(byte)
            }
        }
        throw .invalid
    }

    /// One escape after its backslash, appended as UTF-8.
    private mutating func escape(into decoded: inout [UInt8]) throws(Failure) {
        guard index < bytes.count else { throw .invalid }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hex4())
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw .invalid
                }
                index += 2
                let low = UInt32(try hex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw .invalid }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw .invalid
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw .invalid }
            decoded.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw .invalid
        }
    }

    private mutating func hex4() throws(Failure) -> UInt16 {
        guard index + 4 <= bytes.count else { throw .invalid }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .invalid
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// JSON's number grammar, strictly: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(Failure) -> JSONValue {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw .invalid }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        var integral = true
        if peek(UInt8(ascii: ".")) {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw .invalid }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw .invalid }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if integral, let value = Int64(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else { throw .invalid }
        // Digits alone that overflow `Int64` stay a `Double`. A fraction or exponent that lands
        // on an integer below 2^53 is one (`1.0`, `1e2`); from 2^53 up Foundation re-reads the
        // text as a `Decimal` with rules of its own, so such a number (no real request has one)
        // is left to Foundation itself to keep the reading identical.
        if !integral {
            if abs(value) >= 9_007_199_254_740_992 {
                guard let foundation = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { throw .invalid }
                return foundation
            }
            if let exact = Int64(exactly: value) { return .int(exact) }
        }
        return .number(value)
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw .invalid }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw .invalid }
        index += count
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }
    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
