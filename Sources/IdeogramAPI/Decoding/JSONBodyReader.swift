import Foundation
import NIOCore

/// Reads a JSON request body (or a JSON form part) that must be an object.
enum JSONBodyReader {
    static func readObject(_ bytes: ByteBuffer, what: String = "The request body") throws(IdeogramError) -> [String: JSONValue] {
        try readObject(Data(bytes.readableBytesView), what: what)
    }

    static func readObject(_ text: String, what: String) throws(IdeogramError) -> [String: JSONValue] {
        try readObject(Data(text.utf8), what: what)
    }

    private static func readObject(_ data: Data, what: String) throws(IdeogramError) -> [String: JSONValue] {
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
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
