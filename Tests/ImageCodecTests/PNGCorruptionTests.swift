import ImageCodec
import NIOCore
import Testing

/// Malformed input must end in a `PNGError`, never a trap or an oversized allocation.
@Suite struct PNGCorruptionTests {
    static func ihdrPNG(width: Int, height: Int, depth: UInt8 = 8, colorType: UInt8 = 6, interlace: UInt8 = 0) -> ByteBuffer {
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file += PNGFixture.chunk("IHDR", be32(width) + be32(height) + [depth, colorType, 0, 0, interlace])
        file += PNGFixture.chunk("IDAT", PNGFixture.storedZlib([0, 0, 0, 0, 0]))
        file += PNGFixture.chunk("IEND", [])
        return ByteBuffer(bytes: file)
    }

    @Test func rejectsNonPNG() {
        #expect(throws: PNGError.notPNG) { try PNG.decode(ByteBuffer()) }
        #expect(throws: PNGError.notPNG) { try PNG.decode(ByteBuffer(bytes: [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5])) }
    }

    @Test func rejectsAbsurdSizesBeforeAllocating() {
        #expect(throws: PNGError.tooLarge(width: 100_000, height: 100_000)) {
            try PNG.decode(Self.ihdrPNG(width: 100_000, height: 100_000))
        }
        #expect(throws: PNGError.tooLarge(width: 0x7fff_ffff, height: 0x7fff_ffff)) {
            try PNG.decode(Self.ihdrPNG(width: 0x7fff_ffff, height: 0x7fff_ffff))
        }
    }

    @Test func rejectsInvalidHeaders() {
        for png in [
            Self.ihdrPNG(width: 0, height: 5),
            Self.ihdrPNG(width: 5, height: 5, depth: 3),
            Self.ihdrPNG(width: 5, height: 5, depth: 16, colorType: 3),
            Self.ihdrPNG(width: 5, height: 5, colorType: 5),
            Self.ihdrPNG(width: 5, height: 5, interlace: 2),
        ] {
            #expect(throws: PNGError.self) { try PNG.decode(png) }
        }
    }

    @Test func rejectsTooLittleImageData() {
        #expect(throws: PNGError.imageDataTooShort(expected: 5 * (1 + 20), actual: 5)) {
            try PNG.decode(Self.ihdrPNG(width: 5, height: 5))
        }
    }

    @Test func rejectsUnknownFilter() {
        let (fixture, _) = PNGDecodeTests.fixture(colorType: 2, depth: 8, filter: 7, interlaced: false)
        #expect(throws: PNGError.invalidFilter(7)) { try PNG.decode(fixture.build()) }
    }

    @Test func rejectsMissingPaletteAndImageData() {
        let indexed = PNGFixture(width: 2, height: 2, colorType: 3, bitDepth: 8, samples: [[0], [0], [0], [0]])
        #expect(throws: PNGError.missingPalette) { try PNG.decode(indexed.build()) }

        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file += PNGFixture.chunk("IHDR", be32(2) + be32(2) + [8, 2, 0, 0, 0])
        file += PNGFixture.chunk("IEND", [])
        #expect(throws: PNGError.missingImageData) { try PNG.decode(ByteBuffer(bytes: file)) }
    }

    @Test func rejectsCorruptDeflateStream() {
        var bytes = Array(PNG.encode(gradientRaster(width: 40, height: 40)).readableBytesView)
        // Overwrite the deflate data just after the zlib header (IDAT body starts at 8+25+8).
        for i in 43..<60 { bytes[i] = 0xff }
        #expect(throws: PNGError.self) { try PNG.decode(ByteBuffer(bytes: bytes)) }
    }

    @Test func everyTruncationFailsCleanly() throws {
        let raster = randomRaster(width: 9, height: 7, seed: 9, opaque: false)
        let bytes = Array(PNG.encode(raster).readableBytesView)
        // The image data ends 16 bytes before the file does (IDAT's CRC, then IEND): a file cut
        // after that still holds the whole image and is shown, as browsers do.
        let complete = bytes.count - 16
        for length in 0..<complete {
            #expect(throws: PNGError.self) { try PNG.decode(ByteBuffer(bytes: bytes[0..<length])) }
        }
        for length in complete...bytes.count {
            #expect(try PNG.decode(ByteBuffer(bytes: bytes[0..<length])) == raster)
        }
    }

    @Test func randomMutationsNeverCrash() {
        let original = Array(PNG.encode(randomRaster(width: 16, height: 16, seed: 10, opaque: false)).readableBytesView)
        var rng = TestRandom(77)
        var failures = 0
        for _ in 0..<2000 {
            var bytes = original
            for _ in 0..<(1 + rng.int(4)) { bytes[8 + rng.int(bytes.count - 8)] = rng.byte() }
            do {
                let raster = try PNG.decode(ByteBuffer(bytes: bytes))
                #expect(raster.pixels.count == raster.width * raster.height * 4)
            } catch {
                failures += 1
            }
        }
        #expect(failures > 0)
    }
}
