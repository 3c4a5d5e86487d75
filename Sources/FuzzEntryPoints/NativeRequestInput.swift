import IdeogramAPI
import NIOCore

/// How a fuzz input becomes a native request: byte 0 picks the operation, byte 1 the content type,
/// the rest is the body. Small selectors keep most of the mutation effort on the body, where the
/// parsers are, while still reaching every operation × format pair.
public struct NativeRequestInput: Sendable {
    /// The boundary of the fixed multipart content type; seeds use it too.
    public static let boundary = "fuzzboundary"

    public enum ContentTypeMode: UInt8, CaseIterable, Sendable {
        case json = 0
        case multipart = 1
        /// The body's first line (up to `\n`) is the Content-Type header; it fuzzes header parsing.
        case fromFirstLine = 2
        case absent = 3
    }

    public let operation: IdeogramAPI.Operation
    public let contentType: String?
    public let body: ByteBuffer

    public init(_ input: [UInt8]) {
        let operations = IdeogramAPI.Operation.allCases
        operation = operations[Int(input.first ?? 0) % operations.count]
        let mode = ContentTypeMode(rawValue: (input.dropFirst().first ?? 0) % 4) ?? .json
        var rest = input.dropFirst(2)
        switch mode {
        case .json: contentType = "application/json"
        case .multipart: contentType = "multipart/form-data; boundary=\(Self.boundary)"
        case .absent: contentType = nil
        case .fromFirstLine:
            let end = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
            contentType = String(decoding: rest[rest.startIndex..<end], as: UTF8.self)
            rest = end < rest.endIndex ? rest[(end + 1)...] : []
        }
        body = ByteBuffer(bytes: rest)
    }

    /// The bytes of a fuzz input for `operation` with a fixed content type.
    public static func encode(_ operation: IdeogramAPI.Operation, _ mode: ContentTypeMode, body: [UInt8]) -> [UInt8] {
        let index = IdeogramAPI.Operation.allCases.firstIndex(of: operation) ?? 0
        return [UInt8(index), mode.rawValue] + body
    }
}

enum NativeRequestEntry {
    static let decoder = RequestDecoder()

    static func run(_ input: NativeRequestInput) -> FuzzOutcome {
        do {
            let request = try decoder.decode(input.operation, contentType: input.contentType, body: input.body)
            return check(request, operation: input.operation)
        } catch {
            return .refusal(status: error.status, code: error.code, from: "RequestDecoder")
        }
    }

    /// What every accepted request must satisfy, whatever the bytes were.
    static func check(_ request: IdeogramRequest, operation: IdeogramAPI.Operation) -> FuzzOutcome {
        guard request.operation == operation else {
            return .violation("decoded \(request.operation) for \(operation)")
        }
        guard (1...8).contains(request.numImages) else {
            return .violation("num_images \(request.numImages) outside 1...8 was accepted")
        }
        if let seed = request.seed, !(0...2_147_483_647).contains(seed) {
            return .violation("seed \(seed) outside Ideogram's range was accepted")
        }
        return .accepted
    }
}
