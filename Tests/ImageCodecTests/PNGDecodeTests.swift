import ImageCodec
import NIOCore
import Testing

/// Decoding of every colour type and bit depth, through every filter, with and without Adam7,
/// checked against pixels computed here from the raw samples.
@Suite struct PNGDecodeTests {
    static let formats: [(colorType: UInt8, depth: Int)] = [
        (0, 1), (0, 2), (0, 4), (0, 8), (0, 16),
        (2, 8), (2, 16),
        (3, 1), (3, 2), (3, 4), (3, 8),
        (4, 8), (4, 16),
        (6, 8), (6, 16),
    ]

    static func fixture(colorType: UInt8, depth: Int, filter: UInt8, interlaced: Bool, width: Int = 13, height: Int = 11)
        -> (PNGFixture, Raster)
    {
        var rng = TestRandom(UInt64(colorType) * 100 + UInt64(depth) * 10 + UInt64(filter))
        let maxSample = (1 << depth) - 1
        let paletteSize = colorType == 3 ? min(256, 1 << depth) : 0
        let palette = (0..<paletteSize).map { _ in RGBA(r: rng.byte(), g: rng.byte(), b: rng.byte()) }
        var fixture = PNGFixture(
            width: width, height: height, colorType: colorType, bitDepth: depth,
            interlaced: interlaced, filter: filter, samples: [], palette: palette)
        let channels = fixture.channels
        fixture.samples = (0..<(width * height)).map { _ in
            (0..<channels).map { _ in UInt16(rng.int(colorType == 3 ? paletteSize : maxSample + 1)) }
        }
        var expected = Raster(width: width, height: height)
        func to8(_ s: UInt16) -> UInt8 {
            depth == 16 ? UInt8(s >> 8) : UInt8(Int(s) * 255 / maxSample)
        }
        for (i, s) in fixture.samples.enumerated() {
            let color: RGBA
            switch colorType {
            case 0: color = RGBA(r: to8(s[0]), g: to8(s[0]), b: to8(s[0]))
            case 2: color = RGBA(r: to8(s[0]), g: to8(s[1]), b: to8(s[2]))
            case 3: color = palette[Int(s[0])]
            case 4: color = RGBA(r: to8(s[0]), g: to8(s[0]), b: to8(s[0]), a: to8(s[1]))
            default: color = RGBA(r: to8(s[0]), g: to8(s[1]), b: to8(s[2]), a: to8(s[3]))
            }
            expected[i % width, i / width] = color
        }
        return (fixture, expected)
    }

    @Test(arguments: formats)
    func decodesEveryFormatThroughEveryFilter(colorType: UInt8, depth: Int) throws {
        for interlaced in [false, true] {
            for filter: UInt8 in 0...4 {
                let (fixture, expected) = Self.fixture(colorType: colorType, depth: depth, filter: filter, interlaced: interlaced)
                let decoded = try PNG.decode(fixture.build())
                #expect(decoded == expected, "type \(colorType) depth \(depth) filter \(filter) interlaced \(interlaced)")
            }
        }
    }

    @Test(arguments: [(1, 1), (2, 3), (5, 5), (9, 17), (8, 8)])
    func interlacedOddSizesDecode(width: Int, height: Int) throws {
        let (fixture, expected) = Self.fixture(colorType: 6, depth: 8, filter: 4, interlaced: true, width: width, height: height)
        #expect(try PNG.decode(fixture.build()) == expected)
    }

    @Test func imageDataSplitAcrossChunksDecodes() throws {
        var (fixture, expected) = Self.fixture(colorType: 2, depth: 8, filter: 3, interlaced: false)
        fixture.idatChunks = 5
        #expect(try PNG.decode(fixture.build()) == expected)
    }

    @Test func paletteTransparencyBecomesAlpha() throws {
        var fixture = PNGFixture(
            width: 3, height: 1, colorType: 3, bitDepth: 8, samples: [[0], [1], [2]],
            palette: [RGBA(r: 255, g: 0, b: 0), RGBA(r: 0, g: 255, b: 0), RGBA(r: 0, g: 0, b: 255)])
        fixture.trns = [0, 128]  // shorter than the palette: the rest stays opaque
        let decoded = try PNG.decode(fixture.build())
        #expect(decoded[0, 0] == RGBA(r: 255, g: 0, b: 0, a: 0))
        #expect(decoded[1, 0] == RGBA(r: 0, g: 255, b: 0, a: 128))
        #expect(decoded[2, 0] == RGBA(r: 0, g: 0, b: 255, a: 255))
    }

    @Test func greyTransparencyKeyBecomesAlpha() throws {
        var fixture = PNGFixture(width: 3, height: 1, colorType: 0, bitDepth: 4, samples: [[0], [7], [15]])
        fixture.trns = [0, 7]
        let decoded = try PNG.decode(fixture.build())
        #expect(decoded[0, 0].a == 255)
        #expect(decoded[1, 0] == RGBA(r: 119, g: 119, b: 119, a: 0))
        #expect(decoded[2, 0] == RGBA(r: 255, g: 255, b: 255, a: 255))
    }

    @Test func rgbTransparencyKeyBecomesAlpha() throws {
        var fixture = PNGFixture(width: 2, height: 1, colorType: 2, bitDepth: 16, samples: [[0x1234, 0x5678, 0x9abc], [0x1234, 0x5678, 0x9abd]])
        fixture.trns = [0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc]
        let decoded = try PNG.decode(fixture.build())
        #expect(decoded[0, 0] == RGBA(r: 0x12, g: 0x56, b: 0x9a, a: 0))
        #expect(decoded[1, 0] == RGBA(r: 0x12, g: 0x56, b: 0x9a, a: 255))
    }

    @Test func paletteIndexPastTheTableReadsAsOpaqueBlack() throws {
        let fixture = PNGFixture(width: 2, height: 1, colorType: 3, bitDepth: 8, samples: [[0], [9]], palette: [RGBA(r: 9, g: 9, b: 9)])
        let decoded = try PNG.decode(fixture.build())
        #expect(decoded[1, 0] == RGBA.black)
    }
}
