import IdeogramAPI
import ImageCodec
import NIOCore

/// The image parsers: PNG decoding, header sniffing, and mask inspection.
enum ImageEntries {
    /// Round-trips decoded rasters up to this size; bigger ones only get the cheap checks, so a
    /// fuzz run keeps its speed.
    static let roundTripPixels = 64 * 64

    static func decodePNG(_ input: [UInt8]) -> FuzzOutcome {
        let bytes = ByteBuffer(bytes: input)
        let raster: Raster
        do {
            raster = try PNG.decode(bytes)
        } catch {
            // Typed throws: PNGError is the only way out. The gateway answers it with a 400.
            return .refused(status: 400, code: "png_\(error)".prefix(60).description)
        }
        guard raster.pixels.count == raster.width * raster.height * 4 else {
            return .violation("a \(raster.width)x\(raster.height) raster has \(raster.pixels.count) bytes")
        }
        guard let header = ImageHeader.read(bytes), header.format == .png,
              header.width == raster.width, header.height == raster.height else {
            return .violation("decoded \(raster.width)x\(raster.height) but the header sniffer disagrees")
        }
        if raster.pixelCount <= roundTripPixels {
            guard let again = try? PNG.decode(PNG.encode(raster)), again == raster else {
                return .violation("re-encoding a decoded \(raster.width)x\(raster.height) PNG does not round-trip")
            }
        }
        return .accepted
    }

    static func readHeader(_ input: [UInt8]) -> FuzzOutcome {
        guard let header = ImageHeader.read(ByteBuffer(bytes: input)) else {
            return .refused(status: 400, code: IdeogramError.Code.unsupportedImageType)
        }
        guard header.width > 0, header.height > 0 else {
            return .violation("header \(header.width)x\(header.height) accepted")
        }
        let magic: [UInt8] = switch header.format {
        case .png: [0x89, 0x50, 0x4E, 0x47]
        case .jpeg: [0xFF, 0xD8]
        case .webp: Array("RIFF".utf8)
        }
        guard input.starts(with: magic) else {
            return .violation("\(header.format) sniffed without its magic bytes")
        }
        return .accepted
    }

    /// The input is a mask; the image beside it is a PNG header declaring the mask's own size (or
    /// 1x1 when the mask has none), so the size check passes and the pixel inspection runs.
    static func inspectMask(_ input: [UInt8]) -> FuzzOutcome {
        let mask = ByteBuffer(bytes: input)
        let size = ImageHeader.read(mask).map { ($0.width, $0.height) } ?? (1, 1)
        var form = FuzzMultipart(boundary: NativeRequestInput.boundary)
        form.field("prompt", "fuzz")
        form.file("image", pngHeader(width: size.0, height: size.1))
        form.file("mask", input)
        return NativeRequestEntry.run(NativeRequestInput(NativeRequestInput.encode(.v3Edit, .multipart, body: form.finished())))
    }

    /// A PNG signature and IHDR declaring a size: all the header sniffer reads.
    static func pngHeader(width: Int, height: Int) -> [UInt8] {
        func be32(_ v: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> $0) } }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be32(13) + Array("IHDR".utf8)
            + be32(width) + be32(height) + [8, 6, 0, 0, 0] + [0, 0, 0, 0]
    }
}
