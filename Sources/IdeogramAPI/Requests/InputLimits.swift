/// Limits on what one request may make the gateway read, decode or allocate.
///
/// Bytes: Ideogram's spec allows 10 MB per image and 10 MB in total per reference array (style
/// references; character references); configurable because some 2026 docs pages already say
/// 25 MB for upscale.
///
/// Pixels: an image's header declares its size, and a 37-byte PNG can claim 4294967295² pixels.
/// Every size the gateway derives from an upload (output size, mask decode) is computed only
/// after the declared size has passed these budgets, each image alone and all of a request's
/// images together. The defaults are far above anything Ideogram renders or accepts in practice.
///
/// Multipart: bounded parts and header sizes keep the parser's work and memory proportional to
/// what a real form needs (a few fields and up to a handful of reference images).
public struct InputLimits: Sendable, Equatable {
    public var maxImageBytes = 10 * 1024 * 1024
    public var maxReferenceBytesTotal = 10 * 1024 * 1024
    /// Declared pixels per uploaded image (4096² by default).
    public var maxImagePixels = 16_777_216
    /// Declared pixels of all uploaded images of one request together (64 Mpx by default).
    public var maxRequestPixels = 67_108_864
    /// Parts in one multipart/form-data body.
    public var maxParts = 64
    /// Bytes of one part's header block, its terminating blank line included.
    public var maxPartHeaderBytes = 8 * 1024
    /// Header lines in one part.
    public var maxHeadersPerPart = 16

    public init() {}

    public init(maxImageBytes: Int, maxReferenceBytesTotal: Int) {
        self.maxImageBytes = maxImageBytes
        self.maxReferenceBytesTotal = maxReferenceBytesTotal
    }
}
