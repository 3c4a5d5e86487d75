import ImageCodec
import NIOCore

/// An uploaded image whose type and size were read from its bytes.
public struct ImageInput: Sendable {
    /// The form field it arrived in (`image`, `image_file`, `mask`, `style_reference_images`, …).
    public let field: String
    /// The client's file name, if it sent one; informational only, never used to decide the type.
    public let filename: String?
    public let bytes: ByteBuffer
    public let header: ImageHeader

    public init(field: String, filename: String?, bytes: ByteBuffer, header: ImageHeader) {
        self.field = field
        self.filename = filename
        self.bytes = bytes
        self.header = header
    }

    public var resolution: Resolution { Resolution(width: header.width, height: header.height) }
}
