import CompressNIO
import NIOCore

extension PNG {
    /// Decodes any standard PNG into RGBA8.
    ///
    /// 16-bit samples keep their high byte; low bit depths are scaled to the full 0…255 range;
    /// `tRNS` turns into alpha for palette, grey and RGB images. Chunk CRCs are not checked:
    /// a flipped bit in an ancillary chunk should not cost a customer their upload, and a
    /// damaged IDAT is still caught by zlib.
    public static func decode(_ bytes: ByteBuffer) throws(PNGError) -> Raster {
        try decode(bytes, maxPixels: maxPixels)
    }

    /// Decodes a PNG of at most `maxPixels` pixels (and never more than ``maxPixels``); a larger
    /// one is refused with ``PNGError/tooLarge(width:height:)`` from its header alone, so the
    /// memory a decode may take is bounded by the budget: the inflated scanlines the header
    /// implies (up to 8 bytes a pixel at 16-bit RGBA) plus the 4-byte-a-pixel raster.
    public static func decode(_ bytes: ByteBuffer, maxPixels budget: Int) throws(PNGError) -> Raster {
        let file = try PNGFile(parsing: bytes, maxPixels: min(budget, maxPixels))
        let header = file.header
        guard let expected = header.filteredDataSize else { throw .tooLarge(width: header.width, height: header.height) }
        var data = try inflate(file.imageData, expected: expected)
        return try data.withUnsafeMutableReadableBytes { (raw) throws(PNGError) -> Raster in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                throw .imageDataTooShort(expected: expected, actual: 0)
            }
            return try reconstruct(base, file: file)
        }
    }

    /// Inflates IDAT into exactly the `expected` bytes the header implies, and no further: the
    /// output buffer is the limit, so a zlib bomb stops where the image ends. Trailing garbage
    /// and a bad Adler checksum after a complete image are tolerated, as browsers do.
    private static func inflate(_ compressed: ByteBuffer, expected: Int) throws(PNGError) -> ByteBuffer {
        var input = compressed
        var output = ByteBufferAllocator().buffer(capacity: expected)
        do {
            let inflater = try ZlibDecompressor(algorithm: .zlib)
            try inflater.inflate(from: &input, to: &output)
        } catch let error as CompressNIOError where error == .bufferOverflow || error == .inputBufferOverflow {
            // Output full, or input ended: either is fine if every scanline arrived.
        } catch {
            if output.readableBytes < expected { throw .corruptImageData }
        }
        guard output.readableBytes >= expected else {
            throw .imageDataTooShort(expected: expected, actual: output.readableBytes)
        }
        return output.getSlice(at: output.readerIndex, length: expected) ?? output
    }

    /// Undoes the scanline filters in place and expands every pass into RGBA8.
    private static func reconstruct(
        _ data: UnsafeMutablePointer<UInt8>, file: PNGFile
    ) throws(PNGError) -> Raster {
        let header = file.header
        let width = header.width
        let height = header.height
        let passes = header.passes
        // Every filter byte sits at a position fixed by the header, so check them all before
        // touching the output: the pixel loop below then has no failure path.
        var offset = 0
        for pass in passes {
            for _ in 0..<pass.height {
                if data[offset] > 4 { throw .invalidFilter(data[offset]) }
                offset += pass.rowBytes + 1
            }
        }
        // The header refused any size whose raster byte count overflows.
        guard let byteCount = SizeArithmetic.product(width, height, 4) else {
            throw .tooLarge(width: width, height: height)
        }
        let pixels = [UInt8](unsafeUninitializedCapacity: byteCount) { out, initialized in
            guard let outBase = out.baseAddress else { return }
            if header.interlaced {
                // Each pass covers only part of the image; start every byte from a defined value.
                outBase.initialize(repeating: 0, count: byteCount)
            }
            let expander = RowExpander(file: file, output: outBase)
            var offset = 0
            for pass in passes {
                var prior: UnsafeMutablePointer<UInt8>? = nil
                for row in 0..<pass.height {
                    let line = data + offset + 1
                    _ = unfilter(line, prior: prior, count: pass.rowBytes, bpp: header.filterStride, type: data[offset])
                    expander.expand(line, count: pass.width, y: pass.y0 + row * pass.dy, x0: pass.x0, dx: pass.dx)
                    prior = line
                    offset += pass.rowBytes + 1
                }
            }
            initialized = byteCount
        }
        return Raster(width: width, height: height, pixels: pixels)
    }

    /// Reverses one scanline's filter; `prior` is nil on a pass's first row (treated as zeros).
    /// Returns false for an unknown filter type.
    static func unfilter(
        _ line: UnsafeMutablePointer<UInt8>, prior: UnsafeMutablePointer<UInt8>?, count: Int, bpp: Int, type: UInt8
    ) -> Bool {
        switch type {
        case 0:
            return true
        case 1:
            var i = bpp
            while i < count {
                line[i] &+= line[i &- bpp]
                i &+= 1
            }
        case 2:
            guard let prior else { return true }
            for i in 0..<count { line[i] &+= prior[i] }
        case 3:
            if let prior {
                for i in 0..<min(bpp, count) { line[i] &+= prior[i] >> 1 }
                var i = bpp
                while i < count {
                    line[i] &+= UInt8((Int(line[i &- bpp]) &+ Int(prior[i])) >> 1)
                    i &+= 1
                }
            } else {
                var i = bpp
                while i < count {
                    line[i] &+= line[i &- bpp] >> 1
                    i &+= 1
                }
            }
        case 4:
            if let prior {
                for i in 0..<min(bpp, count) { line[i] &+= prior[i] }
                var i = bpp
                while i < count {
                    line[i] &+= paeth(line[i &- bpp], prior[i], prior[i &- bpp])
                    i &+= 1
                }
            } else {
                // With an all-zero prior row Paeth always predicts the left byte, i.e. Sub.
                var i = bpp
                while i < count {
                    line[i] &+= line[i &- bpp]
                    i &+= 1
                }
            }
        default:
            return false
        }
        return true
    }

    @inline(__always)
    static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) &+ Int(b) &- Int(c)
        let pa = abs(p &- Int(a))
        let pb = abs(p &- Int(b))
        let pc = abs(p &- Int(c))
        if pa <= pb && pa <= pc { return a }
        if pb <= pc { return b }
        return c
    }
}
