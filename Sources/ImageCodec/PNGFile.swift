import NIOCore

/// A PNG split into the chunks the decoder cares about; everything ancillary is skipped.
struct PNGFile {
    var header: PNGHeader
    /// 256 RGBA entries; indices past the PLTE length read as opaque black.
    var palette: [UInt8]
    var imageData: ByteBuffer

    init(parsing bytes: ByteBuffer, maxPixels: Int = PNG.maxPixels) throws(PNGError) {
        var buffer = bytes
        guard let sig = buffer.readBytes(length: 8), sig == PNG.signature else { throw .notPNG }

        var header: PNGHeader?
        var plte: [UInt8]?
        var trns: [UInt8]?
        var idat: [ByteBuffer] = []

        while true {
            guard let length = buffer.readInteger(as: UInt32.self),
                  let type = buffer.readInteger(as: UInt32.self)
            else {
                // A file cut after its image data is still worth showing.
                if header != nil, !idat.isEmpty { break }
                throw .truncated
            }
            guard length <= 0x7fff_ffff, let body = buffer.readSlice(length: Int(length)) else {
                throw .truncated
            }
            _ = buffer.readInteger(as: UInt32.self)  // CRC, deliberately unchecked

            if header == nil {
                guard type == PNG.ChunkType.IHDR else { throw .missingHeader }
                header = try PNGHeader(ihdr: Array(body.readableBytesView), maxPixels: maxPixels)
                continue
            }
            switch type {
            case PNG.ChunkType.PLTE:
                plte = Array(body.readableBytesView)
            case PNG.ChunkType.tRNS:
                trns = Array(body.readableBytesView)
            case PNG.ChunkType.IDAT:
                idat.append(body)
            case PNG.ChunkType.IEND:
                break
            default:
                continue
            }
            if type == PNG.ChunkType.IEND { break }
        }

        guard let header else { throw .missingHeader }
        guard !idat.isEmpty else { throw .missingImageData }
        self.header = header

        if idat.count == 1 {
            imageData = idat[0]
        } else {
            var joined = ByteBufferAllocator().buffer(capacity: idat.reduce(0) { $0 + $1.readableBytes })
            for var part in idat { joined.writeBuffer(&part) }
            imageData = joined
        }

        var table = [UInt8](repeating: 0, count: 256 * 4)
        for i in 0..<256 { table[i * 4 + 3] = 255 }
        if header.colorType == 3 {
            guard let plte, plte.count >= 3, plte.count % 3 == 0, plte.count <= 768 else { throw .missingPalette }
            for i in 0..<(plte.count / 3) {
                table[i * 4] = plte[i * 3]
                table[i * 4 + 1] = plte[i * 3 + 1]
                table[i * 4 + 2] = plte[i * 3 + 2]
            }
            if let trns {
                for (i, alpha) in trns.prefix(256).enumerated() { table[i * 4 + 3] = alpha }
            }
        }
        palette = table
        transparentKey = Self.transparentKey(trns, header: header)
    }

    /// The colour that `tRNS` marks transparent for grey (one sample) and RGB (three samples),
    /// as raw sample values at the image's bit depth.
    var transparentKey: [UInt16]?

    private static func transparentKey(_ trns: [UInt8]?, header: PNGHeader) -> [UInt16]? {
        guard let trns else { return nil }
        let samples: Int
        switch header.colorType {
        case 0: samples = 1
        case 2: samples = 3
        default: return nil
        }
        guard trns.count >= samples * 2 else { return nil }
        let mask: UInt16 = header.bitDepth == 16 ? 0xffff : UInt16((1 << header.bitDepth) - 1)
        return (0..<samples).map { i in (UInt16(trns[i * 2]) << 8 | UInt16(trns[i * 2 + 1])) & mask }
    }
}
