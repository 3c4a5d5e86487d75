import ImageCodec
import Testing

@Suite struct RasterHelperTests {
    @Test func pixelAccessorsAndFill() {
        var raster = Raster(width: 3, height: 2, fill: RGBA(r: 1, g: 2, b: 3, a: 4))
        #expect(raster[2, 1] == RGBA(r: 1, g: 2, b: 3, a: 4))
        raster[1, 1] = .white
        #expect(raster.pixel(x: 1, y: 1) == .white)
        #expect(raster.pixels[(1 * 3 + 1) * 4 ..< (1 * 3 + 1) * 4 + 4] == [255, 255, 255, 255])
        #expect(!raster.isOpaque)
        #expect(RGBA(r: 31, g: 58, b: 147).hex == "#1f3a93")
    }

    @Test func nearestResizeKeepsExactColours() {
        var raster = Raster(width: 2, height: 2, fill: .black)
        raster[1, 0] = .white
        let big = raster.resized(width: 6, height: 4, filter: .nearest)
        #expect(big.width == 6 && big.height == 4)
        #expect(big[0, 0] == .black && big[5, 0] == .white && big[5, 3] == .black)
        #expect(big.resized(width: 2, height: 2, filter: .nearest) == raster)
    }

    @Test func bilinearResizeIsSmoothAndReversible() {
        let raster = gradientRaster(width: 50, height: 40)
        #expect(raster.resized(width: 50, height: 40) == raster)
        let up = raster.resized(width: 100, height: 80)
        let back = up.resized(width: 50, height: 40)
        var worst = 0
        for i in raster.pixels.indices { worst = max(worst, abs(Int(raster.pixels[i]) - Int(back.pixels[i]))) }
        #expect(worst <= 8)
        // A big reduction averages instead of sampling: a fine checkerboard turns grey.
        var checker = Raster(width: 64, height: 64, fill: .black)
        for y in 0..<64 { for x in 0..<64 where (x + y) % 2 == 0 { checker[x, y] = .white } }
        let tiny = checker.resized(width: 4, height: 4)
        #expect((120...135).contains(Int(tiny[1, 1].r)))
    }

    @Test func cropAndCentreCrop() {
        let raster = gradientRaster(width: 40, height: 20)
        let part = raster.cropped(x: 5, y: 3, width: 10, height: 4)
        #expect(part.width == 10 && part.height == 4 && part[0, 0] == raster[5, 3])
        let clipped = raster.cropped(x: 35, y: -5, width: 10, height: 10)
        #expect(clipped.width == 5 && clipped.height == 5)
        let square = raster.centerCropped(aspectWidth: 1, aspectHeight: 1)
        #expect(square.width == 20 && square.height == 20 && square[0, 0] == raster[10, 0])
        let tall = raster.centerCropped(aspectWidth: 4, aspectHeight: 1)
        #expect(tall.width == 40 && tall.height == 10 && tall[0, 0] == raster[0, 5])
    }

    @Test func blendPasteAndReplace() {
        let black = Raster(width: 4, height: 4, fill: .black)
        let white = Raster(width: 4, height: 4, fill: .white)
        #expect(white.blended(with: black, weight: 100) == white)
        #expect(white.blended(with: black, weight: 0) == black)
        #expect(white.blended(with: black, weight: 50)[0, 0].r == 128)

        var canvas = black
        canvas.paste(Raster(width: 3, height: 3, fill: .white), x: 2, y: -1)
        #expect(canvas[2, 0] == .white && canvas[3, 1] == .white && canvas[1, 0] == .black && canvas[2, 2] == .black)

        let flags = (0..<16).map { $0 % 2 == 0 }
        let mixed = black.replacing(where: flags, with: white)
        #expect(mixed[0, 0] == .white && mixed[1, 0] == .black)
    }
}
