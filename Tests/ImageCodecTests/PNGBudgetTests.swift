import ImageCodec
import NIOCore
import Testing

/// What a PNG declares decides what decoding may allocate: the caller's pixel budget is checked
/// against the header before anything is inflated, and inflation stops where the image ends.
@Suite struct PNGBudgetTests {
    @Test func aCallerBudgetRefusesFromTheHeader() throws {
        let png = PNG.encode(gradientRaster(width: 16, height: 16))
        #expect(throws: PNGError.tooLarge(width: 16, height: 16)) { try PNG.decode(png, maxPixels: 255) }
        #expect(try PNG.decode(png, maxPixels: 256).width == 16)
        #expect(try PNG.decode(png, maxPixels: 256) == PNG.decode(png))
    }

    @Test func aBudgetCanOnlyTightenTheDecodersCeiling() {
        let claim = PNGCorruptionTests.ihdrPNG(width: 100_000, height: 100_000)
        #expect(throws: PNGError.tooLarge(width: 100_000, height: 100_000)) { try PNG.decode(claim, maxPixels: .max) }
        let widest = PNGCorruptionTests.ihdrPNG(width: 0x7fff_ffff, height: 1, depth: 16)
        #expect(throws: PNGError.tooLarge(width: 0x7fff_ffff, height: 1)) { try PNG.decode(widest, maxPixels: .max) }
    }

    /// 8192² at 16-bit RGBA: 512 MiB of scanlines from a file of a few dozen bytes.
    @Test func a16BitClaimIsRefusedBeforeInflating() {
        let bomb = PNGCorruptionTests.ihdrPNG(width: 8192, height: 8192, depth: 16, colorType: 6)
        #expect(throws: PNGError.tooLarge(width: 8192, height: 8192)) { try PNG.decode(bomb, maxPixels: 4096 * 4096) }
    }

    /// A stream that inflates far past the declared image is read only as far as the image goes.
    @Test func inflationStopsWhereTheImageEnds() throws {
        let rows: [UInt8] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 9, 10, 11, 12, 13, 14, 15, 16]
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file += PNGFixture.chunk("IHDR", be32(2) + be32(2) + [8, 6, 0, 0, 0])
        file += PNGFixture.chunk("IDAT", PNGFixture.storedZlib(rows + [UInt8](repeating: 0, count: 1 << 20)))
        file += PNGFixture.chunk("IEND", [])
        let raster = try PNG.decode(ByteBuffer(bytes: file), maxPixels: 4)
        #expect(raster.pixels == Array(1...16))
    }

    @Test func rasterSizesAreChecked() {
        #expect(Raster.byteCount(width: 4096, height: 4096) == 67_108_864)
        #expect(Raster.byteCount(width: 1 << 31, height: 1 << 31) == nil)
        #expect(Raster.byteCount(width: -1, height: 4) == nil)
    }

    @Test func absurdGeometryClipsInsteadOfOverflowing() {
        let raster = Raster(width: 10, height: 6, fill: .white)
        #expect(raster.centerCropped(aspectWidth: .max, aspectHeight: 1).height == 1)
        #expect(raster.centerCropped(aspectWidth: 1, aspectHeight: .max).width == 1)
        #expect(raster.centerCropped(aspectWidth: 5, aspectHeight: 3) == raster)
        var canvas = raster
        canvas.paste(Raster(width: 2, height: 2, fill: .black), x: .max, y: .max)
        canvas.paste(Raster(width: 2, height: 2, fill: .black), x: .min, y: .min)
        #expect(canvas == raster)
    }
}
