import ImageCodec

/// Hand-built PNGs in every colour type, bit depth and interlace method the decoder accepts.
/// `PNG.encode` writes only 8-bit RGB and RGBA, so seeds for the other paths are laid out here,
/// with stored (uncompressed) deflate blocks: valid zlib without depending on a compressor.
public enum TinyPNG {
    public static func make(
        width: Int, height: Int, colorType: UInt8, bitDepth: UInt8, interlaced: Bool = false,
        transparency: [UInt8] = []
    ) -> [UInt8] {
        // Any index is valid when the palette has an entry for every value the bit depth can hold.
        let palette = colorType == 3 ? 1 << Int(bitDepth) : 0
        let channels: Int = switch colorType {
        case 0, 3: 1
        case 2: 3
        case 4: 2
        default: 4
        }
        let bitsPerPixel = channels * Int(bitDepth)
        var raw: [UInt8] = []
        let passes = interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)]
        var seed: UInt8 = 17
        for (x0, y0, dx, dy) in passes {
            let passWidth = width > x0 ? (width - x0 + dx - 1) / dx : 0
            let passHeight = height > y0 ? (height - y0 + dy - 1) / dy : 0
            guard passWidth > 0, passHeight > 0 else { continue }
            let rowBytes = (passWidth * bitsPerPixel + 7) / 8
            for row in 0..<passHeight {
                raw.append(UInt8(row % 5))  // every filter type
                for _ in 0..<rowBytes {
                    seed = seed &* 31 &+ 7
                    raw.append(seed)
                }
            }
        }
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += chunk("IHDR", be32(width) + be32(height) + [bitDepth, colorType, 0, 0, interlaced ? 1 : 0])
        if palette > 0 {
            var entries: [UInt8] = []
            for i in 0..<palette {
                entries += [UInt8(truncatingIfNeeded: i * 40), UInt8(truncatingIfNeeded: i * 90), UInt8(truncatingIfNeeded: i * 150)]
            }
            out += chunk("PLTE", entries)
        }
        if !transparency.isEmpty { out += chunk("tRNS", transparency) }
        out += chunk("IDAT", zlibStored(raw))
        out += chunk("IEND", [])
        return out
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return be32(data.count) + typed + be32(Int(CRC32.checksum(typed)))
    }

    static func be32(_ v: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> $0) } }

    /// zlib with stored blocks and an Adler-32 trailer.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let final: UInt8 = offset + length >= data.count ? 1 : 0
            out += [final, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + be32(Int(b << 16 | a))
    }
}
