import ImageCodec
import NIOCore
import SandboxRenderer
import Testing

@Suite struct SandboxRendererTests {
    let renderer = SandboxRenderer()

    static let sizes = [(1, 1), (17, 33), (320, 200), (200, 320)]

    @Test(arguments: RenderJob.Kind.allCases)
    func rendersExactSizeDeterministically(kind: RenderJob.Kind) throws {
        let source = sourceImage(width: 64, height: 48).png
        for (width, height) in Self.sizes {
            let job = RenderJob(
                kind: kind, prompt: "a lighthouse", seed: 5, width: width, height: height,
                source: source, mask: source)
            let png = renderer.render(job)
            let raster = try decoded(png)
            #expect(raster.width == width && raster.height == height, "\(kind) \(width)×\(height)")
            #expect(renderer.render(job) == png, "\(kind) is not deterministic")
        }
    }

    @Test func seedAndPromptChangeTheImage() throws {
        let base = RenderJob(prompt: "a lighthouse", seed: 1, width: 256, height: 192)
        var otherSeed = base
        otherSeed.seed = 2
        var otherPrompt = base
        otherPrompt.prompt = "a bowl of fruit"
        let a = try decoded(renderer.render(base))
        #expect(meanDifference(a, try decoded(renderer.render(otherSeed))) > 8)
        #expect(meanDifference(a, try decoded(renderer.render(otherPrompt))) > 8)
    }

    @Test func generatedImagesAreSmoothNotNoise() throws {
        let raster = try decoded(renderer.render(RenderJob(prompt: "calm", seed: 9, width: 256, height: 256)))
        var jumps = 0
        for y in 0..<256 {
            for x in 1..<256 where abs(Int(raster[x, y].g) - Int(raster[x - 1, y].g)) > 24 { jumps += 1 }
        }
        #expect(jumps < 256 * 256 / 50)
        #expect(raster.isOpaque)
    }

    @Test func upscaleIsTheInputEnlarged() throws {
        let (png, input) = sourceImage(width: 80, height: 60)
        let out = try decoded(renderer.render(RenderJob(kind: .upscale, prompt: "", seed: 3, width: 160, height: 120, source: png)))
        #expect(meanDifference(out.resized(width: 80, height: 60), input) < 4)
    }

    @Test func reframePlacesTheInputInTheCentre() throws {
        let (png, input) = sourceImage(width: 100, height: 100)
        let out = try decoded(renderer.render(RenderJob(kind: .reframe, prompt: "wide", seed: 3, width: 300, height: 100, source: png)))
        #expect(out.cropped(x: 100, y: 0, width: 100, height: 100) == input)
        #expect(meanDifference(out.cropped(x: 0, y: 0, width: 100, height: 100), input) > 1)

        // A larger input is scaled down to fit.
        let (bigPNG, big) = sourceImage(width: 200, height: 200)
        let fitted = try decoded(renderer.render(RenderJob(kind: .reframe, prompt: "wide", seed: 3, width: 300, height: 100, source: bigPNG)))
        #expect(meanDifference(fitted.cropped(x: 100, y: 0, width: 100, height: 100), big.resized(width: 100, height: 100)) < 1)
    }

    @Test(arguments: [RenderJob.Kind.edit, .inpaint])
    func editChangesOnlyTheBlackMaskRegion(kind: RenderJob.Kind) throws {
        let (png, input) = sourceImage(width: 64, height: 64)
        // Mask at half resolution: left half black (change), right half white (keep).
        var mask = Raster(width: 32, height: 32, fill: .white)
        for y in 0..<32 { for x in 0..<16 { mask[x, y] = .black } }
        let out = try decoded(renderer.render(RenderJob(
            kind: kind, prompt: "a red balloon", seed: 4, width: 64, height: 64, source: png, mask: PNG.encode(mask))))
        #expect(out.cropped(x: 32, y: 0, width: 32, height: 64) == input.cropped(x: 32, y: 0, width: 32, height: 64))
        #expect(meanDifference(out.cropped(x: 0, y: 0, width: 32, height: 64), input.cropped(x: 0, y: 0, width: 32, height: 64)) > 5)
    }

    @Test func editResizesTheSourceAndTreatsAnUndecodableMaskAsAllEditable() throws {
        let (png, input) = sourceImage(width: 40, height: 40)
        let white = PNG.encode(Raster(width: 10, height: 10, fill: .white))
        let kept = try decoded(renderer.render(RenderJob(kind: .edit, prompt: "x", seed: 1, width: 80, height: 80, source: png, mask: white)))
        #expect(kept == input.resized(width: 80, height: 80, filter: .bilinear))

        let regenerated = try decoded(renderer.render(RenderJob(
            kind: .edit, prompt: "x", seed: 1, width: 40, height: 40, source: png, mask: jpegHeader(width: 40, height: 40))))
        #expect(meanDifference(regenerated, input) > 5)
    }

    @Test func remixWeightControlsHowMuchSourceSurvives() throws {
        let (png, input) = sourceImage(width: 120, height: 80)
        let expected = input.centerCropped(aspectWidth: 1, aspectHeight: 1).resized(width: 64, height: 64)
        func remix(_ weight: Int) throws -> Raster {
            try decoded(renderer.render(RenderJob(kind: .remix, prompt: "a fox", seed: 8, width: 64, height: 64, source: png, imageWeight: weight)))
        }
        let strong = try remix(100), half = try remix(50), weak = try remix(1)
        #expect(meanDifference(strong, expected) < 1)
        #expect(meanDifference(half, expected) < meanDifference(weak, expected))
        #expect(meanDifference(weak, expected) > 8)
    }

    @Test func replaceBackgroundKeepsTheForeground() throws {
        var input = Raster(width: 60, height: 60, fill: RGBA(r: 250, g: 250, b: 250))
        for y in 20..<40 { for x in 20..<40 { input[x, y] = RGBA(r: 200, g: 30, b: 40) } }
        let out = try decoded(renderer.render(RenderJob(
            kind: .replaceBackground, prompt: "a beach", seed: 2, width: 60, height: 60, source: PNG.encode(input))))
        #expect(out.cropped(x: 20, y: 20, width: 20, height: 20) == input.cropped(x: 20, y: 20, width: 20, height: 20))
        var replaced = 0
        for y in 0..<60 { for x in 0..<60 where !(20..<40).contains(x) || !(20..<40).contains(y) {
            if out[x, y] != input[x, y] { replaced += 1 }
        } }
        #expect(replaced > (3600 - 400) * 9 / 10)
    }

    @Test func transparentHasAClearBackgroundAndASolidSubject() throws {
        let png = renderer.render(RenderJob(kind: .transparent, prompt: "a robot", seed: 6, width: 128, height: 96))
        #expect(png.getInteger(at: 25, as: UInt8.self) == 6)
        let raster = try decoded(png)
        let alphas = Set(stride(from: 3, to: raster.pixels.count, by: 4).map { raster.pixels[$0] })
        #expect(alphas == [0, 255])
        #expect(raster[0, 0].a == 0 && raster[64, 48].a == 255)
    }

    @Test func styleReferencesAndStyleInfluenceThePalette() throws {
        let plain = RenderJob(prompt: "a garden", seed: 3, width: 96, height: 96)
        var referenced = plain
        referenced.styleReferences = [PNG.encode(Raster(width: 8, height: 8, fill: RGBA(r: 20, g: 40, b: 230)))]
        var styled = plain
        styled.style = "REALISTIC"
        let a = try decoded(renderer.render(plain))
        let b = try decoded(renderer.render(referenced))
        #expect(meanDifference(a, b) > 5)
        #expect(b.meanColor.b > b.meanColor.r)
        #expect(meanDifference(a, try decoded(renderer.render(styled))) > 2)
    }

    @Test func undecodableInputsGiveSeededStandIns() throws {
        func upscale(_ source: ByteBuffer) -> ByteBuffer {
            renderer.render(RenderJob(kind: .upscale, prompt: "", seed: 1, width: 64, height: 64, source: source))
        }
        let a = upscale(jpegHeader(width: 32, height: 32, salt: 1))
        #expect(a == upscale(jpegHeader(width: 32, height: 32, salt: 1)))
        #expect(try meanDifference(decoded(a), decoded(upscale(jpegHeader(width: 32, height: 32, salt: 2)))) > 5)
    }

    @Test func describeNamesSizeOrientationAndColours() {
        let blue = PNG.encode(Raster(width: 640, height: 480, fill: RGBA(r: 0, g: 0, b: 255)))
        let text = renderer.describe(blue)
        #expect(text.contains("640×480"))
        #expect(text.contains("landscape"))
        #expect(text.contains("blue (#0000ff)"))

        let scene = renderer.render(RenderJob(prompt: "a sunset", seed: 4, width: 300, height: 400))
        let sceneText = renderer.describe(scene)
        #expect(sceneText.contains("300×400 portrait"))
        #expect(sceneText.contains(" and "))
        #expect(sceneText.contains("#"))
        #expect(renderer.describe(scene) == sceneText)
    }

    @Test func describeReadsJPEGHeadersAndSurvivesGarbage() {
        let text = renderer.describe(jpegHeader(width: 1024, height: 768))
        #expect(text.contains("1024×768"))
        #expect(text.contains("JPEG"))
        #expect(renderer.describe(ByteBuffer(bytes: [1, 2, 3])).contains("3 bytes"))
    }
}
