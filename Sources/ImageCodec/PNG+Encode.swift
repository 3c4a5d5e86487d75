import CompressNIO
import NIOCore

extension PNG {
    /// Encodes 8-bit RGB (colour type 2) when the image is opaque, else 8-bit RGBA (type 6).
    ///
    /// - Parameter opaque: `nil` decides from the pixels; `true` drops alpha; `false` keeps it.
    ///
    /// Each row takes whichever of the Sub and Up filters leaves the smaller sum of absolute
    /// residuals (the heuristic libpng uses), then zlib runs at its fastest level: generated
    /// images are smooth, so filtering does most of the work and higher levels buy little.
    public static func encode(_ raster: Raster, opaque: Bool? = nil) -> ByteBuffer {
        let dropAlpha = opaque ?? raster.isOpaque
        let channels = dropAlpha ? 3 : 4
        let width = raster.width, height = raster.height
        let rowBytes = width * channels

        // A raster's invariant (width × height × 4 fits in an Int) bounds these products.
        let filteredSize = height * (rowBytes + 1)
        var filtered = ByteBufferAllocator().buffer(capacity: filteredSize)
        _ = raster.pixels.withUnsafeBufferPointer { src in
            filtered.writeWithUnsafeMutableBytes(minimumWritableBytes: filteredSize) { dest in
                guard filteredSize > 0, let base = dest.baseAddress else { return 0 }
                filterRows(
                    src.baseAddress, into: base.assumingMemoryBound(to: UInt8.self),
                    width: width, height: height, channels: channels)
                return filteredSize
            }
        }
        let compressed = deflate(&filtered)

        var out = ByteBufferAllocator().buffer(capacity: compressed.readableBytes + 8 + 25 + 12 + 12)
        out.writeBytes(signature)
        var ihdr = ByteBufferAllocator().buffer(capacity: 13)
        ihdr.writeInteger(UInt32(width))
        ihdr.writeInteger(UInt32(height))
        ihdr.writeBytes([8, dropAlpha ? 2 : 6, 0, 0, 0])
        writeChunk(ChunkType.IHDR, ihdr, to: &out)
        writeChunk(ChunkType.IDAT, compressed, to: &out)
        writeChunk(ChunkType.IEND, ByteBuffer(), to: &out)
        return out
    }

    private static func filterRows(
        _ src: UnsafePointer<UInt8>?, into dest: UnsafeMutablePointer<UInt8>,
        width: Int, height: Int, channels: Int
    ) {
        guard let src, width > 0 else {
            for y in 0..<height { dest[y] = 0 }
            return
        }
        let rowBytes = width * channels
        // Scratch rows: the current row packed to `channels`, and the previous one.
        var current = UnsafeMutablePointer<UInt8>.allocate(capacity: rowBytes)
        var previous = UnsafeMutablePointer<UInt8>.allocate(capacity: rowBytes)
        defer {
            current.deallocate()
            previous.deallocate()
        }
        previous.initialize(repeating: 0, count: rowBytes)
        current.initialize(repeating: 0, count: rowBytes)

        for y in 0..<height {
            let row = src + y * width * 4
            if channels == 4 {
                current.update(from: row, count: rowBytes)
            } else {
                for x in 0..<width {
                    current[x &* 3] = row[x &* 4]
                    current[x &* 3 &+ 1] = row[x &* 4 &+ 1]
                    current[x &* 3 &+ 2] = row[x &* 4 &+ 2]
                }
            }
            let line = dest + y * (rowBytes + 1)

            var subCost = 0, upCost = 0
            for i in 0..<rowBytes {
                let left: UInt8 = i >= channels ? current[i &- channels] : 0
                subCost &+= residualCost(current[i] &- left)
                upCost &+= residualCost(current[i] &- previous[i])
            }
            // The first row has no row above, where Up degenerates to None.
            if y > 0 && upCost < subCost {
                line[0] = 2
                for i in 0..<rowBytes { line[i &+ 1] = current[i] &- previous[i] }
            } else {
                line[0] = 1
                for i in 0..<rowBytes {
                    let left: UInt8 = i >= channels ? current[i &- channels] : 0
                    line[i &+ 1] = current[i] &- left
                }
            }
            swap(&current, &previous)
        }
    }

    /// Residuals are signed bytes; their magnitude predicts how well deflate will do.
    @inline(__always)
    private static func residualCost(_ v: UInt8) -> Int {
        v < 128 ? Int(v) : 256 &- Int(v)
    }

    private static func deflate(_ data: inout ByteBuffer) -> ByteBuffer {
        let configuration = ZlibConfiguration(compressionLevel: .fastestCompression, memoryLevel: .memory128K)
        // zlib only fails here on allocation failure or misuse; neither has a graceful fallback
        // short of storing the data uncompressed, which is what this does.
        do {
            let compressor = try ZlibCompressor(algorithm: .zlib, configuration: configuration)
            var out = ByteBufferAllocator().buffer(capacity: compressor.maxSize(from: data))
            var input = data
            try compressor.deflate(from: &input, to: &out, flush: .finish)
            return out
        } catch {
            return storedZlib(data)
        }
    }

    /// A valid zlib stream made of stored (uncompressed) deflate blocks.
    static func storedZlib(_ data: ByteBuffer) -> ByteBuffer {
        let bytes = Array(data.readableBytesView)
        var out = ByteBufferAllocator().buffer(capacity: bytes.count + bytes.count / 65535 * 5 + 16)
        out.writeBytes([0x78, 0x01])
        var offset = 0
        repeat {
            let n = min(65535, bytes.count - offset)
            let last = offset + n == bytes.count
            out.writeInteger(UInt8(last ? 1 : 0))
            out.writeInteger(UInt16(n), endianness: .little)
            out.writeInteger(~UInt16(n), endianness: .little)
            out.writeBytes(bytes[offset..<(offset + n)])
            offset += n
        } while offset < bytes.count
        out.writeInteger(adler32(bytes))
        return out
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for chunk in stride(from: 0, to: bytes.count, by: 5552) {
            for byte in bytes[chunk..<min(chunk + 5552, bytes.count)] {
                a &+= UInt32(byte)
                b &+= a
            }
            a %= 65521
            b %= 65521
        }
        return b << 16 | a
    }

    private static func writeChunk(_ type: UInt32, _ body: ByteBuffer, to out: inout ByteBuffer) {
        out.writeInteger(UInt32(body.readableBytes))
        let typeStart = out.writerIndex
        out.writeInteger(type)
        var body = body
        out.writeBuffer(&body)
        let crc = out.withUnsafeReadableBytes { all in
            CRC32.update(0, UnsafeRawBufferPointer(rebasing: all[(typeStart - out.readerIndex)...]))
        }
        out.writeInteger(crc)
    }
}
