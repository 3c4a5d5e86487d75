import IdeogramAPI
import ImageCodec
import NIOCore

/// Byte strings that claim more than they hold: image headers with absurd sizes, and raw
/// multipart bodies written byte by byte (the builder only writes well-formed ones).
enum HostileFixtures {
    /// Signature, IHDR and four trailing bytes: 37 bytes declaring `width`×`height`.
    static func pngHeader(width: UInt32, height: UInt32, depth: UInt8 = 8, colorType: UInt8 = 6) -> ByteBuffer {
        var ihdr: [UInt8] = Array("IHDR".utf8)
        ihdr += be32(width) + be32(height) + [depth, colorType, 0, 0, 0]
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes += be32(13) + ihdr + be32(CRC32.checksum(ihdr))
        bytes += [0, 0, 0, 0]
        return ByteBuffer(bytes: bytes)
    }

    /// A complete PNG (IHDR, one small IDAT, IEND) whose IHDR declares `width`×`height` at 16 bits
    /// RGBA: inflating what it claims would take 8 bytes a pixel.
    static func png16Bomb(width: UInt32, height: UInt32) -> ByteBuffer {
        var bytes = Array(pngHeader(width: width, height: height, depth: 16, colorType: 6).readableBytesView.dropLast(4))
        // A stored zlib block of a few zero bytes: far less data than the header promises.
        let idat: [UInt8] = Array("IDAT".utf8) + [0x78, 0x01, 0x01, 0x05, 0x00, 0xFA, 0xFF, 0, 0, 0, 0, 0, 0x00, 0x05, 0x00, 0x01]
        bytes += be32(UInt32(idat.count - 4)) + idat + be32(CRC32.checksum(idat))
        let iend: [UInt8] = Array("IEND".utf8)
        bytes += be32(0) + iend + be32(CRC32.checksum(iend))
        return ByteBuffer(bytes: bytes)
    }

    /// JPEG SOF0 can declare up to 65535×65535.
    static let jpegMax = Fixtures.jpeg(65535, 65535)

    static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    static func multipart(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Decodes a raw multipart body for `operation` with boundary `B`.
    static func decode(
        _ operation: IdeogramAPI.Operation, _ bytes: [UInt8], boundary: String = "B", limits: InputLimits = InputLimits()
    ) throws(IdeogramError) -> IdeogramRequest {
        try RequestDecoder(limits: limits).decode(
            operation, contentType: "multipart/form-data; boundary=\(boundary)", body: ByteBuffer(bytes: bytes)
        )
    }
}
