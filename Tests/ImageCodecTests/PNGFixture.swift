import ImageCodec
import NIOCore

/// Writes PNGs in any colour type, bit depth, filter and interlace, independently of the encoder
/// under test: samples are packed and filtered here, and the zlib stream uses stored blocks,
/// so every decoder path can be exercised with known expected pixels.
struct PNGFixture {
    var width: Int
    var height: Int
    var colorType: UInt8
    var bitDepth: Int
    var interlaced = false
    var filter: UInt8 = 0
    /// Raw samples per pixel, row-major: `channels` values each, at `bitDepth` bits.
    var samples: [[UInt16]]
    var palette: [RGBA] = []
    var trns: [UInt8]?
    /// Split IDAT into this many chunks.
    var idatChunks = 1

    var channels: Int {
        switch colorType {
        case 2: 3
        case 4: 2
        case 6: 4
        default: 1
        }
    }

    static let adam7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]

    func scanlineData() -> [UInt8] {
        let passes = interlaced ? Self.adam7 : [(0, 0, 1, 1)]
        let bpp = max(1, channels * bitDepth / 8)
        var out: [UInt8] = []
        for (x0, y0, dx, dy) in passes {
            let xs = Array(stride(from: x0, to: width, by: dx))
            let ys = Array(stride(from: y0, to: height, by: dy))
            if xs.isEmpty || ys.isEmpty { continue }
            var prior: [UInt8]? = nil
            for y in ys {
                let raw = pack(xs.map { samples[y * width + $0] })
                out.append(filter)
                out += Self.applyFilter(filter, raw, prior: prior, bpp: bpp)
                prior = raw
            }
        }
        return out
    }

    func pack(_ pixels: [[UInt16]]) -> [UInt8] {
        var bytes: [UInt8] = []
        if bitDepth >= 8 {
            for p in pixels {
                for s in p {
                    if bitDepth == 16 { bytes.append(UInt8(s >> 8)) }
                    bytes.append(UInt8(s & 0xff))
                }
            }
            return bytes
        }
        var acc = 0, bits = 0
        for p in pixels {
            for s in p {
                acc = (acc << bitDepth) | Int(s)
                bits += bitDepth
                if bits == 8 {
                    bytes.append(UInt8(acc)); acc = 0; bits = 0
                }
            }
        }
        if bits > 0 { bytes.append(UInt8(acc << (8 - bits))) }
        return bytes
    }

    static func applyFilter(_ type: UInt8, _ raw: [UInt8], prior: [UInt8]?, bpp: Int) -> [UInt8] {
        let up = prior ?? [UInt8](repeating: 0, count: raw.count)
        return raw.indices.map { i in
            let a = i >= bpp ? Int(raw[i - bpp]) : 0
            let b = Int(up[i])
            let c = i >= bpp ? Int(up[i - bpp]) : 0
            let predictor: Int
            switch type {
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) / 2
            case 4:
                let p = a + b - c
                let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
            default: predictor = 0
            }
            return UInt8(truncatingIfNeeded: Int(raw[i]) - predictor)
        }
    }

    func build() -> ByteBuffer {
        var ihdr: [UInt8] = []
        ihdr += be32(width) + be32(height)
        ihdr += [UInt8(bitDepth), colorType, 0, 0, interlaced ? 1 : 0]
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file += Self.chunk("IHDR", ihdr)
        if !palette.isEmpty { file += Self.chunk("PLTE", palette.flatMap { [$0.r, $0.g, $0.b] }) }
        if let trns { file += Self.chunk("tRNS", trns) }
        let z = Self.storedZlib(scanlineData())
        let part = (z.count + idatChunks - 1) / idatChunks
        for start in stride(from: 0, to: z.count, by: part) {
            file += Self.chunk("IDAT", Array(z[start..<min(start + part, z.count)]))
        }
        file += Self.chunk("IEND", [])
        return ByteBuffer(bytes: file)
    }

    static func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return be32(body.count) + typeBytes + body + be32(Int(CRC32.checksum(typeBytes + body)))
    }

    static func storedZlib(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let n = min(65535, data.count - offset)
            out.append(offset + n == data.count ? 1 : 0)
            out += [UInt8(n & 0xff), UInt8(n >> 8), UInt8(~n & 0xff), UInt8((~n >> 8) & 0xff)]
            out += data[offset..<offset + n]
            offset += n
        } while offset < data.count
        var a = 1, b = 0
        for byte in data {
            a = (a + Int(byte)) % 65521
            b = (b + a) % 65521
        }
        return out + be32(b << 16 | a)
    }
}

func be32(_ v: Int) -> [UInt8] {
    [UInt8((v >> 24) & 0xff), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)]
}

/// Small deterministic generator so fixtures are identical on every run.
struct TestRandom {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
}

func randomRaster(width: Int, height: Int, seed: UInt64, opaque: Bool) -> Raster {
    var rng = TestRandom(seed)
    var pixels = (0..<(width * height * 4)).map { _ in rng.byte() }
    if opaque {
        for i in stride(from: 3, to: pixels.count, by: 4) { pixels[i] = 255 }
    }
    return Raster(width: width, height: height, pixels: pixels)
}

/// A smooth image, closer to what the renderer produces than random bytes.
func gradientRaster(width: Int, height: Int) -> Raster {
    var r = Raster(width: width, height: height)
    for y in 0..<height {
        for x in 0..<width {
            r[x, y] = RGBA(
                r: UInt8(x * 255 / max(1, width - 1)), g: UInt8(y * 255 / max(1, height - 1)),
                b: UInt8((x + y) % 256), a: 255)
        }
    }
    return r
}
