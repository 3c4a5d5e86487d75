import ImageCodec
import IdeogramAPI
import NIOCore
import Testing

/// Small images built in memory: PNGs through the codec, JPEG and WebP as headers only (the
/// gateway reads nothing past the header of those).
enum Fixtures {
    static func png(_ width: Int, _ height: Int, fill: RGBA = RGBA(r: 40, g: 90, b: 200)) -> ByteBuffer {
        PNG.encode(Raster(width: width, height: height, fill: fill))
    }

    /// A black-and-white mask: white everywhere except a black square in the top-left corner.
    static func mask(_ width: Int, _ height: Int, blackSquare: Int = 2) -> ByteBuffer {
        var raster = Raster(width: width, height: height, fill: .white)
        for y in 0..<min(blackSquare, height) {
            for x in 0..<min(blackSquare, width) {
                raster.setPixel(x: x, y: y, .black)
            }
        }
        return PNG.encode(raster)
    }

    static func whiteMask(_ width: Int, _ height: Int) -> ByteBuffer {
        PNG.encode(Raster(width: width, height: height, fill: .white))
    }

    /// SOI, an APP0 (JFIF) segment, a DQT-sized filler segment, then SOF0 (or SOF2) with the size.
    static func jpeg(_ width: Int, _ height: Int, progressive: Bool = false) -> ByteBuffer {
        var bytes: [UInt8] = [0xFF, 0xD8]
        bytes += [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]
        bytes += [0xFF, 0xDB, 0x00, 0x05, 0x00, 0x01, 0x02]
        bytes += [0xFF, progressive ? 0xC2 : 0xC0, 0x00, 0x11, 0x08]
        bytes += [UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF)]
        bytes += [0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]
        bytes += [0xFF, 0xD9]
        return ByteBuffer(bytes: bytes)
    }

    static func webpVP8(_ width: Int, _ height: Int) -> ByteBuffer {
        var chunk: [UInt8] = [0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A]
        chunk += le16(width) + le16(height) + [0, 0, 0, 0]
        return riff("VP8 ", chunk)
    }

    static func webpVP8L(_ width: Int, _ height: Int) -> ByteBuffer {
        let bits = UInt32(width - 1) | UInt32(height - 1) << 14
        let chunk: [UInt8] = [0x2F] + [0, 8, 16, 24].map { UInt8((bits >> UInt32($0)) & 0xFF) } + [0, 0, 0]
        return riff("VP8L", chunk)
    }

    static func webpVP8X(_ width: Int, _ height: Int) -> ByteBuffer {
        let chunk: [UInt8] = [0x10, 0, 0, 0] + le24(width - 1) + le24(height - 1)
        return riff("VP8X", chunk)
    }

    static let gif = ByteBuffer(bytes: Array("GIF89a".utf8) + [0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00])

    private static func riff(_ fourCC: String, _ chunk: [UInt8]) -> ByteBuffer {
        var body = Array("WEBP".utf8) + Array(fourCC.utf8) + le32(chunk.count) + chunk
        if chunk.count % 2 == 1 { body.append(0) }
        return ByteBuffer(bytes: Array("RIFF".utf8) + le32(body.count) + body)
    }

    private static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    private static func le24(_ value: Int) -> [UInt8] { le16(value) + [UInt8((value >> 16) & 0xFF)] }
    private static func le32(_ value: Int) -> [UInt8] { le24(value) + [UInt8((value >> 24) & 0xFF)] }
}

/// Shorthands for decoding and for asserting the exact error.
enum Decode {
    static let decoder = RequestDecoder()

    static func json(_ operation: IdeogramAPI.Operation, _ json: String) throws(IdeogramError) -> IdeogramRequest {
        try decoder.decode(operation, contentType: "application/json", body: ByteBuffer(string: json))
    }

    static func form(_ operation: IdeogramAPI.Operation, _ form: MultipartBuilder) throws(IdeogramError) -> IdeogramRequest {
        try decoder.decode(operation, contentType: form.contentType, body: form.build())
    }
}

func expectError(
    _ status: Int, _ code: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> IdeogramRequest
) {
    do {
        let request = try body()
        Issue.record("expected \(status) \(code), got a request for \(request.operation)", sourceLocation: sourceLocation)
    } catch let error as IdeogramError {
        #expect(error.status == status, sourceLocation: sourceLocation)
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected IdeogramError, got \(error)", sourceLocation: sourceLocation)
    }
}
