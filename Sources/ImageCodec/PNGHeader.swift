/// The validated contents of a PNG's IHDR chunk, plus the sizes derived from it.
struct PNGHeader: Sendable {
    /// One Adam7 pass (or the whole image when not interlaced) as it is laid out in the data.
    struct Pass: Sendable {
        var x0: Int, y0: Int, dx: Int, dy: Int
        var width: Int, height: Int
        var rowBytes: Int
    }

    var width: Int
    var height: Int
    var bitDepth: Int
    var colorType: Int
    var interlaced: Bool

    init(width: Int, height: Int, bitDepth: Int, colorType: Int, interlaced: Bool) {
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.colorType = colorType
        self.interlaced = interlaced
    }

    /// Parses the 13 IHDR bytes and rejects anything the PNG specification forbids, and any image
    /// above `maxPixels` — before a single byte is inflated or allocated for it.
    init(ihdr b: [UInt8], maxPixels: Int = PNG.maxPixels) throws(PNGError) {
        guard b.count == 13 else { throw .missingHeader }
        func u32(_ i: Int) -> UInt32 {
            UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
        }
        let w = u32(0), h = u32(4)
        guard w > 0, h > 0, w <= 0x7fff_ffff, h <= 0x7fff_ffff else {
            throw .invalidHeader("width and height must be 1…2³¹−1")
        }
        let allowed: [Int: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        let colorType = Int(b[9]), bitDepth = Int(b[8])
        guard let depths = allowed[colorType] else { throw .invalidHeader("colour type \(colorType)") }
        guard depths.contains(bitDepth) else {
            throw .invalidHeader("bit depth \(bitDepth) for colour type \(colorType)")
        }
        guard b[10] == 0 else { throw .invalidHeader("compression method \(b[10])") }
        guard b[11] == 0 else { throw .invalidHeader("filter method \(b[11])") }
        guard b[12] <= 1 else { throw .invalidHeader("interlace method \(b[12])") }
        // Each side is below 2³¹, so the 64-bit product is exact; it is compared with the budget
        // before any multiplication that sizes an allocation.
        guard UInt64(w) * UInt64(h) <= UInt64(max(0, maxPixels)) else {
            throw .tooLarge(width: Int(w), height: Int(h))
        }
        self.init(width: Int(w), height: Int(h), bitDepth: bitDepth, colorType: colorType, interlaced: b[12] == 1)
        // What the decoder will allocate must be expressible: the inflated stream and the RGBA8 raster.
        guard filteredDataSize != nil, SizeArithmetic.product(width, height, 4) != nil else {
            throw .tooLarge(width: width, height: height)
        }
    }

    var channels: Int {
        switch colorType {
        case 2: 3
        case 4: 2
        case 6: 4
        default: 1
        }
    }

    var bitsPerPixel: Int { channels * bitDepth }

    /// The "bpp" of the filter algorithms: bytes per complete pixel, at least one.
    var filterStride: Int { max(1, bitsPerPixel / 8) }

    /// Bytes of one unfiltered row; nil when it would not fit in an `Int`.
    func rowBytes(forWidth w: Int) -> Int? {
        SizeArithmetic.product(w, bitsPerPixel).flatMap { SizeArithmetic.sum($0, 7) }.map { $0 / 8 }
    }

    /// The passes with a pixel in them; a pass whose row size cannot be expressed is left out,
    /// which `filteredDataSize` reports as nil, and the header initialiser refuses.
    var passes: [Pass] {
        let layout = interlaced ? PNG.adam7 : [(x0: 0, y0: 0, dx: 1, dy: 1)]
        return layout.compactMap { p in
            let pw = (width - p.x0 + p.dx - 1) / p.dx
            let ph = (height - p.y0 + p.dy - 1) / p.dy
            guard pw > 0, ph > 0, let rowBytes = rowBytes(forWidth: pw) else { return nil }
            return Pass(x0: p.x0, y0: p.y0, dx: p.dx, dy: p.dy, width: pw, height: ph, rowBytes: rowBytes)
        }
    }

    /// Size of the inflated IDAT stream: every pass's rows, each with its filter byte. Nil when a
    /// row or the total overflows, which a header that passed the pixel budget never does.
    var filteredDataSize: Int? {
        var total = 0
        for pass in passes {
            guard let row = SizeArithmetic.sum(pass.rowBytes, 1),
                  let bytes = SizeArithmetic.product(pass.height, row),
                  let sum = SizeArithmetic.sum(total, bytes)
            else { return nil }
            total = sum
        }
        // A missing pass (row size overflow) would make the stream look shorter than it is.
        let expectedPasses = interlaced
            ? PNG.adam7.filter { width > $0.x0 && height > $0.y0 }.count
            : 1
        return passes.count == expectedPasses ? total : nil
    }
}
