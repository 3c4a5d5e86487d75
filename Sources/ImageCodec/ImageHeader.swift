import NIOCore

/// The image container formats Ideogram accepts as input ("only JPEG, WebP and PNG formats are
/// supported"). Decided by magic numbers, never by file names or declared content types, because
/// clients routinely send `application/octet-stream` or a wrong extension.
public enum ImageFormat: String, Sendable, CaseIterable {
    case png
    case jpeg
    case webp

    public var mimeType: String {
        switch self {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .webp: "image/webp"
        }
    }

    public var fileExtension: String {
        switch self {
        case .png: "png"
        case .jpeg: "jpg"
        case .webp: "webp"
        }
    }
}

/// Format and pixel size of an image, read from its first bytes without decoding pixels.
///
/// Only the header is inspected, so this is cheap enough to run on every upload before anything is
/// forwarded upstream. `read` returns nil for any other format and for truncated or inconsistent
/// headers: an upload we cannot size is an upload we cannot validate (mask size, output size).
public struct ImageHeader: Sendable, Equatable {
    public let format: ImageFormat
    public let width: Int
    public let height: Int

    public init(format: ImageFormat, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }

    /// `width × height`, saturating at `Int.max`: compare it with a pixel budget before decoding
    /// or sizing anything from this header. The sizes are what the file claims — a PNG may claim
    /// 4294967295×4294967295 in 37 bytes — so nothing else may multiply them first.
    public var pixelCount: Int { SizeArithmetic.pixelCount(width: width, height: height) }

    public static func read(_ bytes: ByteBuffer) -> ImageHeader? {
        let view = ByteView(bytes)
        let header: ImageHeader?
        if view.matches([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], at: 0) {
            header = readPNG(view)
        } else if view.matches([0xFF, 0xD8], at: 0) {
            header = readJPEG(view)
        } else if view.matches(Array("RIFF".utf8), at: 0), view.matches(Array("WEBP".utf8), at: 8) {
            header = readWebP(view)
        } else {
            header = nil
        }
        guard let header, header.width > 0, header.height > 0 else { return nil }
        return header
    }

    // MARK: PNG

    /// The IHDR chunk must come first (PNG spec §5.6), so its fields sit at fixed offsets.
    private static func readPNG(_ view: ByteView) -> ImageHeader? {
        guard view.matches(Array("IHDR".utf8), at: 12),
              let width = view.uint32BE(at: 16), let height = view.uint32BE(at: 20)
        else { return nil }
        return ImageHeader(format: .png, width: Int(width), height: Int(height))
    }

    // MARK: JPEG

    /// Walks the marker segments until a start-of-frame. SOF0–SOF15 carry the size, except the
    /// three codes in that range that mean something else (DHT C4, JPG C8, DAC CC). Baseline (C0),
    /// extended (C1), progressive (C2) and lossless/arithmetic variants all share one layout.
    private static func readJPEG(_ view: ByteView) -> ImageHeader? {
        var offset = 2
        while true {
            guard let first = view.byte(at: offset), first == 0xFF else { return nil }
            // Any number of 0xFF fill bytes may precede a marker code.
            var markerOffset = offset + 1
            while view.byte(at: markerOffset) == 0xFF { markerOffset += 1 }
            guard let marker = view.byte(at: markerOffset) else { return nil }
            offset = markerOffset + 1

            switch marker {
            case 0x01, 0xD0...0xD8:
                continue  // standalone markers: no length field
            case 0xD9, 0xDA:
                return nil  // end of image, or scan data before any frame header
            case 0xC0...0xCF where marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
                guard let height = view.uint16BE(at: offset + 3),
                      let width = view.uint16BE(at: offset + 5)
                else { return nil }
                return ImageHeader(format: .jpeg, width: Int(width), height: Int(height))
            default:
                guard let length = view.uint16BE(at: offset), length >= 2 else { return nil }
                offset += Int(length)
            }
        }
    }

    // MARK: WebP

    /// The first chunk after the RIFF header decides the layout: lossy VP8, lossless VP8L, or the
    /// extended VP8X header that carries the canvas size for animated/alpha/metadata files.
    private static func readWebP(_ view: ByteView) -> ImageHeader? {
        let chunk = 20  // payload of the first chunk
        if view.matches(Array("VP8 ".utf8), at: 12) {
            // 3-byte frame tag, then the key-frame start code, then 14-bit dimensions (2 bits scale).
            guard view.matches([0x9D, 0x01, 0x2A], at: chunk + 3),
                  let width = view.uint16LE(at: chunk + 6), let height = view.uint16LE(at: chunk + 8)
            else { return nil }
            return ImageHeader(format: .webp, width: Int(width & 0x3FFF), height: Int(height & 0x3FFF))
        }
        if view.matches(Array("VP8L".utf8), at: 12) {
            // Signature 0x2F, then width-1 and height-1 as two 14-bit little-endian fields.
            guard view.byte(at: chunk) == 0x2F, let bits = view.uint32LE(at: chunk + 1) else { return nil }
            let width = Int(bits & 0x3FFF) + 1
            let height = Int((bits >> 14) & 0x3FFF) + 1
            return ImageHeader(format: .webp, width: width, height: height)
        }
        if view.matches(Array("VP8X".utf8), at: 12) {
            // Flags (1) + reserved (3), then canvas width-1 and height-1 as 24-bit little-endian.
            guard let width = view.uint24LE(at: chunk + 4), let height = view.uint24LE(at: chunk + 7) else {
                return nil
            }
            return ImageHeader(format: .webp, width: Int(width) + 1, height: Int(height) + 1)
        }
        return nil
    }
}

/// Bounds-checked random access into the readable bytes of a buffer; every accessor answers nil
/// past the end, which is how truncated uploads turn into a nil header instead of a trap.
private struct ByteView {
    let buffer: ByteBuffer

    init(_ buffer: ByteBuffer) { self.buffer = buffer }

    func byte(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < buffer.readableBytes else { return nil }
        return buffer.getInteger(at: buffer.readerIndex + offset, as: UInt8.self)
    }

    func matches(_ bytes: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + bytes.count <= buffer.readableBytes,
              let slice = buffer.getBytes(at: buffer.readerIndex + offset, length: bytes.count)
        else { return false }
        return slice == bytes
    }

    private func bytes(at offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, offset + count <= buffer.readableBytes else { return nil }
        return buffer.getBytes(at: buffer.readerIndex + offset, length: count)
    }

    func uint16BE(at offset: Int) -> UInt16? {
        bytes(at: offset, count: 2).map { UInt16($0[0]) << 8 | UInt16($0[1]) }
    }

    func uint32BE(at offset: Int) -> UInt32? {
        bytes(at: offset, count: 4).map { $0.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
    }

    func uint16LE(at offset: Int) -> UInt16? {
        bytes(at: offset, count: 2).map { UInt16($0[1]) << 8 | UInt16($0[0]) }
    }

    func uint24LE(at offset: Int) -> UInt32? {
        bytes(at: offset, count: 3).map { $0.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
    }

    func uint32LE(at offset: Int) -> UInt32? {
        bytes(at: offset, count: 4).map { $0.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
    }
}
