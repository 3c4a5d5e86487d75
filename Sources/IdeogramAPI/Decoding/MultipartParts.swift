import NIOCore

/// The multipart reader, for API surfaces other than Ideogram's own (the OpenAI-compatible
/// edits endpoint reads its form with it, then builds a native request). It applies the same
/// completeness checks as the native decoder, so a truncated upload is refused the same way.
public enum MultipartParts {
    public struct Part: Sendable {
        public let name: String
        public let filename: String?
        public let contentType: String?
        public let body: ByteBuffer

        /// The part as text; nil when it is not valid UTF-8.
        public var text: String? { String(bytes: body.readableBytesView, encoding: .utf8) }
    }

    /// The parts of a multipart/form-data body, in order; a 400 for any other content type.
    public static func read(contentType: String?, body: ByteBuffer) throws(IdeogramError) -> [Part] {
        try read(contentType: contentType, body: body, limits: InputLimits())
    }

    /// As `read(contentType:body:)`, with the part and header limits of `limits`.
    public static func read(contentType: String?, body: ByteBuffer, limits: InputLimits) throws(IdeogramError) -> [Part] {
        guard case .multipart(let boundary)? = try BodyFormat.parse(contentType) else {
            throw .unsupportedContentType("This endpoint accepts multipart/form-data only.")
        }
        return try MultipartBodyReader.read(body, boundary: boundary, limits: limits).map {
            Part(name: $0.name, filename: $0.filename, contentType: $0.contentType, body: $0.body)
        }
    }
}
