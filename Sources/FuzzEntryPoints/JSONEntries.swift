import Foundation
import IdeogramAPI

/// The JSON parser every request body goes through, held against Foundation's `JSONDecoder`
/// reading the same bytes into `JSONValue`: the two must agree on every input (a body relayed
/// upstream must mean what it meant), except where the parser refuses on purpose — a repeated
/// key, nesting deeper than its bound, or text that is not UTF-8.
enum JSONEntries {
    static func parse(_ input: [UInt8]) -> FuzzOutcome {
        let ours = Result { () throws(JSONParser.Failure) in try JSONParser.parse(input, maxDepth: JSONParser.defaultMaxDepth) }
        // Foundation also reads UTF-16 and UTF-32, told by a byte-order mark or a NUL among the
        // first two bytes; the parser reads UTF-8 only and must refuse those.
        if input.count >= 2, input[0] == 0 || input[1] == 0 || (input[0] == 0xFE && input[1] == 0xFF) || (input[0] == 0xFF && input[1] == 0xFE) {
            if case .success = ours { return .violation("accepted text that is not UTF-8") }
            return .refused(status: 400, code: IdeogramError.Code.invalidJSON)
        }
        let foundation = try? JSONDecoder().decode(JSONValue.self, from: Data(input))
        switch ours {
        case .success(let value):
            guard foundation == value else {
                return .violation("read \(value), Foundation read \(String(describing: foundation))")
            }
            return .accepted
        case .failure(.repeatedKey), .failure(.tooDeep):
            return .refused(status: 400, code: IdeogramError.Code.invalidJSON)
        case .failure(.invalid):
            if let foundation { return .violation("refused what Foundation read as \(foundation)") }
            return .refused(status: 400, code: IdeogramError.Code.invalidJSON)
        }
    }
}
