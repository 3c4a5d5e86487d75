import Foundation
import IdeogramAPI
import Testing

/// `JSONParser` must read every text exactly as Foundation's `JSONDecoder` reads it into a
/// `JSONValue` (a relayed body keeps its meaning), except that it refuses repeated keys and deep
/// nesting. Held to that on hand-picked edge cases and on thousands of mutated documents.
@Suite("JSON parser")
struct JSONParserTests {
    private static func foundation(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    private static func ours(_ bytes: [UInt8]) -> Result<JSONValue, JSONParser.Failure> {
        Result { () throws(JSONParser.Failure) in try JSONParser.parse(bytes, maxDepth: 200) }
    }

    /// Compares the two readings of one text; returns whether ours refused a repeated key.
    @discardableResult
    private static func expectSameReading(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        // Foundation also reads UTF-16 and UTF-32 (told by a byte-order mark or a NUL among the
        // first two bytes); JSON between systems is UTF-8 (RFC 8259 §8.1), and ours refuses those.
        if bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 || (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
            #expect(ours(bytes) == .failure(.invalid), sourceLocation: sourceLocation)
            return false
        }
        let theirs = foundation(bytes)
        switch ours(bytes) {
        case .success(let value):
            #expect(theirs == value, "\(String(decoding: bytes, as: UTF8.self).debugDescription)", sourceLocation: sourceLocation)
        case .failure(.repeatedKey):
            return true
        case .failure(let failure):
            #expect(theirs == nil, "ours: \(failure), Foundation: \(String(describing: theirs)) for \(String(decoding: bytes, as: UTF8.self).debugDescription)", sourceLocation: sourceLocation)
        }
        return false
    }

    static let edgeCases: [String] = [
        "1.0", "1e2", "1.5", "-0", "-0.0", "1E400", "-1E400", "1e-400", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "9223372036854775807.0", "-9223372036854775808.0", "1e18", "1.0e1",
        "0.1e1", "100e-2", "2.5e0", "5e-1", "0e5", "1E2", "-5e0", "1.5e+3", "123456789012345678901234567890",
        "1" + String(repeating: "0", count: 400), "0.30000000000000004", "4.9e-324", "1.7976931348623157e308",
        "01", "-01", "00", "1.", "-", ".5", "+1", "1e", "1e+", "-00.5", "NaN", "Infinity", "-Infinity", "0x10",
        "true", "false", "null", "nul", "tru", "True", "nulll",
        #""a\u0001b""#, "\"a\u{01}b\"", "\"tab\there\"", #""\ud800""#, #""\ud800\udc00""#, #""\udc00""#, #""\uD834\uDD1E""#,
        #""\ud800x""#, #""\ud800\u0041""#, #""\u12""#, #""\u00e9""#, #""\u0000""#, #""\/""#, #""\x""#, #""\'""#,
        "\"é\"", "\"\u{7f}\"", "\"unterminated", "\"\\", "\"\\u", "\"ok\"",
        "\u{feff}{}", "\u{feff}\u{feff}{}", " {} ", "{} x", "{}{}", "", " ", "\u{0B}1", "1\u{0C}", "\t1\r\n",
        "[1,]", "[,]", "[1,,2]", "{,}", "[1,] ", #"{"a":1,}"#, #"{"a":1,,}"#, "[ ]", "[\n1\n]", #"{"a":1 , }"#, "[1 ,]",
        "[1 2]", #"{"a" 1}"#, #"{"a":}"#, #"{"a"}"#, #"{1:2}"#, #"{"a":1"b":2}"#, "[1]]", "[[1]", "{", "[", "]", "}",
        #"{"a":[1,{"b":2,}],}"#, #"[true,false,null]"#, #"{"":null}"#, #"{"a":{"b":{"c":[1,2.5,"x",null,true]}}}"#,
        #"{"prompt":"a cat","num_images":2,"seed":2147483647,"style_codes":["AAAA0000"]}"#,
        #"{"a":1,"a":2}"#, #"{"a":1,"\u0061":2}"#, #"{"a":{"b":1},"b":{"b":2}}"#,
    ]

    @Test func edgeCasesReadAsFoundationReadsThem() {
        for text in Self.edgeCases { Self.expectSameReading(Array(text.utf8)) }
        // Bytes that are not UTF-8, inside and outside strings.
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0xFF], [0x5B, 0x80, 0x5D]] {
            Self.expectSameReading(bytes)
        }
    }

    @Test func onlyUTF8IsJSON() {
        let utf16 = Array(#"{"prompt":"a cat"}"#.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(Self.foundation(utf16) == .object(["prompt": .string("a cat")]))
        #expect(Self.ours(utf16) == .failure(.invalid))
        #expect(Self.ours([0xFF, 0xFE] + Array(#"{}"#.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) == .failure(.invalid))
    }

    @Test func repeatedKeysAreRefusedEvenWhenEscapedDifferently() {
        #expect(Self.ours(Array(#"{"a":1,"a":2}"#.utf8)) == .failure(.repeatedKey("a")))
        #expect(Self.ours(Array(#"{"a":1,"\u0061":2}"#.utf8)) == .failure(.repeatedKey("a")))
        #expect(Self.ours(Array(#"[{"a":1},{"a":2}]"#.utf8)) == .success(.array([.object(["a": .int(1)]), .object(["a": .int(2)])])))
    }

    @Test func depthIsBoundedWithoutRecursion() {
        let deep = Array((String(repeating: "[", count: 65) + String(repeating: "]", count: 65)).utf8)
        #expect(Result { () throws(JSONParser.Failure) in try JSONParser.parse(deep, maxDepth: 64) } == .failure(.tooDeep))
        let exact = Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8)
        #expect((try? JSONParser.parse(exact, maxDepth: 64)) != nil)
        // A million open brackets: refused at the bound, not by running out of stack.
        #expect(Result { () throws(JSONParser.Failure) in try JSONParser.parse(Array(repeating: UInt8(ascii: "["), count: 1_000_000), maxDepth: 64) } == .failure(.tooDeep))
    }

    /// Deterministic mutations (replace, insert, delete a byte, cut the tail) of realistic
    /// documents: every result must read the same both ways.
    @Test func mutatedDocumentsReadAsFoundationReadsThem() {
        let documents = Self.edgeCases.filter { $0.count > 8 } + [
            ##"{"image_request":{"prompt":"a \"quoted\" cat\nwith\ttabs \u00e9 \ud83d\ude00","aspect_ratio":"ASPECT_16_9","model":"V_2","magic_prompt_option":"AUTO","seed":-1e3,"color_palette":{"members":[{"color_hex":"#FF0000","color_weight":0.25}]}}}"##,
            #"[0, -1, 1.25e-2, 3E+2, "", "\\", "\/", {"k": [null, true, false, {}]}, []]"#,
        ]
        let alphabet = Array(#"{}[]:,"\-+.eE0123456789 tfnu\/"#.utf8) + [0x00, 0x0A, 0x7F, 0xC3, 0xA9, 0xFF]
        var random = SplitMix(seed: 0x1DE0_6A7E)  // MultipartParserTests.swift
        var compared = 0
        for document in documents {
            let original = Array(document.utf8)
            for _ in 0..<600 {
                var bytes = original
                for _ in 0..<(1 + Int(random.next() % 3)) where !bytes.isEmpty {
                    let at = Int(random.next() % UInt64(bytes.count))
                    let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
                    switch random.next() % 4 {
                    case 0: bytes[at] = byte
                    case 1: bytes.insert(byte, at: at)
                    case 2: bytes.remove(at: at)
                    default: bytes.removeSubrange(at...)
                    }
                }
                Self.expectSameReading(bytes)
                compared += 1
            }
        }
        #expect(compared > 5000)
    }
}
