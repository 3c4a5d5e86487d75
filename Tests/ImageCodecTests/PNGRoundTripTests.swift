import ImageCodec
import NIOCore
import Testing

@Suite struct PNGRoundTripTests {
    @Test func opaqueImageRoundTripsAsRGB() throws {
        let raster = randomRaster(width: 37, height: 23, seed: 1, opaque: true)
        let png = PNG.encode(raster)
        #expect(png.getInteger(at: 25, as: UInt8.self) == 2)  // colour type in IHDR
        #expect(try PNG.decode(png) == raster)
    }

    @Test func translucentImageRoundTripsAsRGBA() throws {
        let raster = randomRaster(width: 41, height: 19, seed: 2, opaque: false)
        let png = PNG.encode(raster)
        #expect(png.getInteger(at: 25, as: UInt8.self) == 6)
        #expect(try PNG.decode(png) == raster)
    }

    @Test func smoothImageRoundTripsAndCompresses() throws {
        let raster = gradientRaster(width: 300, height: 200)
        let png = PNG.encode(raster)
        #expect(try PNG.decode(png) == raster)
        #expect(png.readableBytes < 300 * 200 * 3 / 4)
    }

    @Test func opaqueOverrideDropsOrKeepsAlpha() throws {
        let translucent = randomRaster(width: 8, height: 8, seed: 3, opaque: false)
        let forcedRGB = try PNG.decode(PNG.encode(translucent, opaque: true))
        #expect(forcedRGB.isOpaque)
        #expect(forcedRGB[3, 4].r == translucent[3, 4].r)

        let opaque = randomRaster(width: 8, height: 8, seed: 4, opaque: true)
        let forcedRGBA = PNG.encode(opaque, opaque: false)
        #expect(forcedRGBA.getInteger(at: 25, as: UInt8.self) == 6)
        #expect(try PNG.decode(forcedRGBA) == opaque)
    }

    @Test(arguments: [(1, 1), (1, 9), (9, 1), (256, 3)])
    func edgeSizesRoundTrip(width: Int, height: Int) throws {
        let raster = randomRaster(width: width, height: height, seed: UInt64(width * 1000 + height), opaque: false)
        #expect(try PNG.decode(PNG.encode(raster)) == raster)
    }

    @Test func encodingIsDeterministic() {
        let raster = gradientRaster(width: 64, height: 48)
        #expect(PNG.encode(raster) == PNG.encode(raster))
    }

    @Test func crc32MatchesReferenceValues() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
    }

    @Test func everyChunkCarriesItsCRC() {
        let png = PNG.encode(randomRaster(width: 20, height: 10, seed: 5, opaque: false))
        let bytes = Array(png.readableBytesView)
        #expect(PNG.isPNG(bytes))
        var offset = 8
        var types: [String] = []
        while offset + 12 <= bytes.count {
            let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let typeAndBody = Array(bytes[(offset + 4)..<(offset + 8 + length)])
            let stored = bytes[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(CRC32.checksum(typeAndBody) == stored)
            types.append(String(decoding: typeAndBody.prefix(4), as: UTF8.self))
            offset += 12 + length
        }
        #expect(types == ["IHDR", "IDAT", "IEND"])
        #expect(offset == bytes.count)
    }
}
