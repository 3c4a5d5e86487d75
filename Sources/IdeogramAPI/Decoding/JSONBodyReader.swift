import NIOCore

/// Reads a JSON request body (or a JSON form part) that must be an object.
///
/// `JSONParser` bounds nesting (no Ideogram request nests deeper than four levels, so `maxDepth`
/// costs a real client nothing) and refuses an object with the same key twice: Foundation keeps
/// the first, Ideogram's Python the last, and a body relayed as received must mean the same
/// thing on both sides.
enum JSONBodyReader {
    static let maxDepth = JSONParser.defaultMaxDepth

    static func readObject(_ bytes: ByteBuffer, what: String = "The request body") throws(IdeogramError) -> [String: JSONValue] {
        try object(Result { () throws(JSONParser.Failure) in try JSONParser.parse(bytes, maxDepth: maxDepth) }, what: what)
    }

    static func readObject(_ text: String, what: String) throws(IdeogramError) -> [String: JSONValue] {
        try object(Result { () throws(JSONParser.Failure) in try JSONParser.parse(Array(text.utf8), maxDepth: maxDepth) }, what: what)
    }

    private static func object(_ parsed: Result<JSONValue, JSONParser.Failure>, what: String) throws(IdeogramError) -> [String: JSONValue] {
        switch parsed {
        case .failure(.tooDeep):
            throw .invalidJSON("\(what) nests arrays and objects deeper than \(maxDepth) levels.")
        case .failure(.repeatedKey(let key)):
            throw .invalidJSON("\(what) has the key '\(key)' more than once in one object.")
        case .failure(.invalid):
            throw .invalidJSON("\(what) is not valid JSON.")
        case .success(.object(let object)):
            return object
        case .success:
            throw .invalidJSON("\(what) must be a JSON object.")
        }
    }

    /// Any JSON value; nil for text that is not JSON, nests too deep or repeats a key.
    static func readValue(_ text: String) -> JSONValue? {
        try? JSONParser.parse(Array(text.utf8), maxDepth: maxDepth)
    }
}
