import Foundation
import Hummingbird

/// Reads the JSON body of an admin or account request into a typed value, or throws a 400 that
/// says what is wrong. Unknown fields are refused rather than ignored: on these endpoints a
/// misspelt field (`ip_range`, `amount`) would otherwise silently do nothing.
enum JSONBody {
    static let maxBytes = 1 << 20

    static func decode<T: Decodable>(
        _ type: T.Type, from request: Request, fields: Set<String>, nested: [String: Set<String>] = [:]
    ) async throws -> T {
        let buffer = try await request.body.collect(upTo: maxBytes)
        var data = Data(buffer.readableBytesView)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) { data = Data("{}".utf8) }
        guard let object = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) as? [String: Any] else {
            throw GatewayError(.badRequest, "invalid_json", "The body must be a JSON object.")
        }
        try checkFields(object, allowed: fields, path: "")
        for (field, allowed) in nested {
            if let inner = object[field] as? [String: Any] { try checkFields(inner, allowed: allowed, path: field + ".") }
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw GatewayError(.badRequest, "invalid_json", describe(error))
        }
    }

    private static func checkFields(_ object: [String: Any], allowed: Set<String>, path: String) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw GatewayError(
                .badRequest, "unknown_field",
                "Unknown field \"\(path)\(unknown)\". Allowed: \(allowed.sorted().joined(separator: ", ")).")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "Missing field \"\(path(context.codingPath + [key]))\"."
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "Field \"\(path(context.codingPath))\" must be \(describe(type))."
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "The body is not valid JSON." : "Field \"\(path(context.codingPath))\" is not valid."
        @unknown default:
            return "The body could not be read."
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        default: "of another type"
        }
    }
}

/// A field that may be absent (leave as is), null (clear) or a value — for PATCH bodies.
enum Patch<Value: Decodable & Sendable>: Sendable {
    case absent
    case null
    case value(Value)

    static func decode<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> Patch {
        guard c.contains(key) else { return .absent }
        if try c.decodeNil(forKey: key) { return .null }
        return .value(try c.decode(Value.self, forKey: key))
    }
}
