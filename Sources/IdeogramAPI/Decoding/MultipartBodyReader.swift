import NIOCore

/// Reads a multipart/form-data body into its parts, with the limits of `InputLimits`.
enum MultipartBodyReader {
    static func read(_ body: ByteBuffer, boundary: String, limits: InputLimits = InputLimits()) throws(IdeogramError) -> [FormPart] {
        try MultipartParser(boundary: boundary, limits: limits).parse(body)
    }
}
