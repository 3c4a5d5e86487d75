import IdeogramAPI
import NIOCore
import OpenAIAPI

/// How a fuzz input becomes an OpenAI-surface request: byte 0 picks the endpoint (and for edits
/// where the Content-Type comes from), the rest is the body.
public struct OpenAIRequestInput: Sendable {
    public static let boundary = "fuzzboundary"

    public enum Mode: UInt8, CaseIterable, Sendable {
        /// `POST /v1/images/generations`, JSON.
        case generations = 0
        /// `POST /v1/images/edits`, multipart with `boundary`.
        case edits = 1
        /// Edits whose Content-Type is the body's first line.
        case editsContentTypeFromFirstLine = 2
    }

    public let mode: Mode
    public let contentType: String?
    public let body: ByteBuffer

    public init(_ input: [UInt8]) {
        mode = Mode(rawValue: (input.first ?? 0) % 3) ?? .generations
        var rest = input.dropFirst()
        switch mode {
        case .generations: contentType = "application/json"
        case .edits: contentType = "multipart/form-data; boundary=\(Self.boundary)"
        case .editsContentTypeFromFirstLine:
            let end = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
            contentType = String(decoding: rest[rest.startIndex..<end], as: UTF8.self)
            rest = end < rest.endIndex ? rest[(end + 1)...] : []
        }
        body = ByteBuffer(bytes: rest)
    }

    public static func encode(_ mode: Mode, body: [UInt8]) -> [UInt8] { [mode.rawValue] + body }
}

/// Decodes the OpenAI request, builds its native call and decodes that with the native decoder,
/// as the route does. The native call is ours, so it must carry exactly what the caller asked for.
enum OpenAIRequestEntry {
    static let decoder = RequestDecoder()

    static func run(_ input: OpenAIRequestInput) -> FuzzOutcome {
        let options: OpenAIImageOptions
        let call: NativeCall
        do {
            switch input.mode {
            case .generations:
                let request = try OpenAIGenerationRequest(json: input.body)
                options = request.options
                call = try request.nativeCall()
            case .edits, .editsContentTypeFromFirstLine:
                let request = try OpenAIEditRequest(contentType: input.contentType, body: input.body)
                options = request.options
                call = request.nativeCall()
            }
        } catch let error as OpenAIRequestError {
            return .refusal(status: error.status, code: error.code, from: "OpenAI decoding")
        } catch let error as IdeogramError {
            return .refusal(status: error.status, code: error.code, from: "OpenAI multipart reading")
        } catch {
            return .violation("OpenAI decoding threw \(String(reflecting: type(of: error))): \(error)")
        }
        let native: IdeogramRequest
        do {
            native = try decoder.decode(call.operation, contentType: call.contentType, body: call.body)
        } catch {
            // A refusal of our own native body still reaches the caller as a 4xx; fine, if rare.
            return .refusal(status: error.status, code: error.code, from: "native decoding of the OpenAI call")
        }
        guard native.prompt == options.prompt else {
            return .violation("the native call's prompt differs from the caller's")
        }
        guard native.numImages == options.n else {
            return .violation("the native call asks for \(native.numImages) images, the caller for \(options.n)")
        }
        return NativeRequestEntry.check(native, operation: call.operation)
    }
}
