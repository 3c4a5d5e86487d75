import Foundation
import NIOCore

/// JSON coding the way Ideogram's (Python) servers write it: snake_case keys come from the types'
/// `CodingKeys`; dates are RFC 3339 with microseconds and an explicit offset
/// (`2024-12-15T17:32:00.965408+00:00`, Python's `isoformat()`), and decoding accepts any RFC 3339
/// form, e.g. the spec example `2000-01-23T04:56:07Z`.
public enum IdeogramJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "Expected an RFC 3339 date-time, got '\(text)'"
                )
            }
            return date
        }
        return decoder
    }

    /// Encodes a value whose encoding cannot fail (our own response types); a failure is a
    /// programming error, reported as an empty object rather than a crash.
    public static func encode<T: Encodable>(_ value: T) -> ByteBuffer {
        ByteBuffer(bytes: encodeData(value))
    }

    public static func encodeData<T: Encodable>(_ value: T) -> Data {
        (try? encoder().encode(value)) ?? Data("{}".utf8)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: ByteBuffer) throws -> T {
        try decoder().decode(type, from: Data(bytes.readableBytesView))
    }

    static func encodeString<T: Encodable>(_ value: T) -> String {
        String(decoding: encodeData(value), as: UTF8.self)
    }
}
