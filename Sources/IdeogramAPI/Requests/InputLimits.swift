/// Size limits on uploads. Ideogram's spec: 10 MB per image, and 10 MB in total per reference
/// array (style references; character references). Configurable because some 2026 docs pages
/// already say 25 MB for upscale.
public struct InputLimits: Sendable, Equatable {
    public var maxImageBytes = 10 * 1024 * 1024
    public var maxReferenceBytesTotal = 10 * 1024 * 1024

    public init() {}

    public init(maxImageBytes: Int, maxReferenceBytesTotal: Int) {
        self.maxImageBytes = maxImageBytes
        self.maxReferenceBytesTotal = maxReferenceBytesTotal
    }
}
