import ImageCodec
import IdeogramAPI
import NIOCore
import Testing

@Suite("Tools decode: remove-background, remove-object, layerize-text")
struct ToolDecodingTests {
    /// Black everywhere except a white square in the top-left corner (white = remove).
    static func removalMask(_ width: Int, _ height: Int, whiteSquare: Int = 2) -> ByteBuffer {
        var raster = Raster(width: width, height: height, fill: .black)
        for y in 0..<min(whiteSquare, height) {
            for x in 0..<min(whiteSquare, width) { raster.setPixel(x: x, y: y, .white) }
        }
        return PNG.encode(raster)
    }

    static let ttf = ByteBuffer(bytes: [0x00, 0x01, 0x00, 0x00] + [UInt8](repeating: 7, count: 60))
    static let woff2 = ByteBuffer(bytes: Array("wOF2".utf8) + [UInt8](repeating: 1, count: 60))

    @Test func theToolsAreOperationsAtIdeogramsPaths() {
        #expect(IdeogramAPI.Operation(path: "/v1/remove-background") == .removeBackground)
        #expect(IdeogramAPI.Operation(path: "/ideogram/v1/remove-object") == .removeObject)
        #expect(IdeogramAPI.Operation(path: "/v1/ideogram-v3/layerize-text") == .layerizeText)
        for tool in [IdeogramAPI.Operation.removeBackground, .removeObject, .layerizeText] {
            #expect(tool.isTool && tool.producesImages && !tool.isV3 && !tool.isV2 && !tool.isV4Family)
        }
    }

    // MARK: remove-background

    @Test func removeBackgroundTakesOneImageAndAnswersAtItsSize() throws {
        let request = try Decode.form(.removeBackground, MultipartBuilder().file("image", Fixtures.png(40, 30), filename: "cat.png"))
        #expect(request.numImages == 1)
        #expect(request.outputResolution == Resolution(width: 40, height: 30))
        #expect(request.image?.field == "image")
        let jpeg = try Decode.form(.removeBackground, MultipartBuilder().file("image", Fixtures.jpeg(640, 480)))
        #expect(jpeg.outputResolution == Resolution(width: 640, height: 480))
    }

    @Test func removeBackgroundRefusesWhatIsNotAnImageOrNoImage() {
        expectError(400, IdeogramError.Code.missingField) { try Decode.form(.removeBackground, MultipartBuilder().field("x", "y")) }
        expectError(400, IdeogramError.Code.unsupportedImageType) {
            try Decode.form(.removeBackground, MultipartBuilder().file("image", Fixtures.gif))
        }
        expectError(400, IdeogramError.Code.emptyFile) {
            try Decode.form(.removeBackground, MultipartBuilder().file("image", ByteBuffer()))
        }
        // Multipart only, as the spec's body is.
        expectError(415, IdeogramError.Code.unsupportedContentType) { try Decode.json(.removeBackground, #"{"image":"x"}"#) }
    }

    // MARK: remove-object

    @Test func removeObjectReadsItsFieldsAndClampsAsTheSpecSays() throws {
        let form = MultipartBuilder()
            .file("image", Fixtures.png(16, 16)).file("mask", Self.removalMask(16, 16))
            .field("guidance_scale", "25.5").field("num_inference_steps", "0").field("rendering_speed", "turbo").field("seed", "7")
        let request = try Decode.form(.removeObject, form)
        #expect(request.fields["guidance_scale"] == .number(10))
        #expect(request.fields["num_inference_steps"] == .int(1))
        #expect(request.fields["rendering_speed"] == .string("TURBO"))
        #expect(request.renderingSpeed == .turbo)
        #expect(request.seed == 7)
        #expect(request.outputResolution == Resolution(width: 16, height: 16))
        let inRange = try Decode.form(.removeObject, MultipartBuilder()
            .file("image", Fixtures.png(16, 16)).file("mask", Self.removalMask(16, 16)).field("guidance_scale", "3.5").field("num_inference_steps", "64"))
        #expect(inRange.fields["guidance_scale"] == .number(3.5))
        #expect(inRange.fields["num_inference_steps"] == .int(64))
        #expect(inRange.renderingSpeed == .default)
    }

    @Test func removeObjectRefusesBadInputWithItsCode() {
        let image = Fixtures.png(16, 16), mask = Self.removalMask(16, 16)
        expectError(400, IdeogramError.Code.missingField) { try Decode.form(.removeObject, MultipartBuilder().file("image", image)) }
        expectError(400, IdeogramError.Code.missingField) { try Decode.form(.removeObject, MultipartBuilder().file("mask", mask)) }
        expectError(400, IdeogramError.Code.maskSizeMismatch) {
            try Decode.form(.removeObject, MultipartBuilder().file("image", image).file("mask", Self.removalMask(16, 8)))
        }
        // White marks what to remove: an all-black mask removes nothing.
        expectError(400, IdeogramError.Code.maskEmpty) {
            try Decode.form(.removeObject, MultipartBuilder().file("image", image).file("mask", PNG.encode(Raster(width: 16, height: 16, fill: .black))))
        }
        expectError(400, IdeogramError.Code.invalidEnum) {
            try Decode.form(.removeObject, MultipartBuilder().file("image", image).file("mask", mask).field("rendering_speed", "WARP"))
        }
        expectError(400, IdeogramError.Code.invalidValue) {
            try Decode.form(.removeObject, MultipartBuilder().file("image", image).file("mask", mask).field("guidance_scale", "loud"))
        }
        expectError(400, IdeogramError.Code.invalidValue) {
            try Decode.form(.removeObject, MultipartBuilder().file("image", image).file("mask", mask).field("guidance_scale", "nan"))
        }
        expectError(400, IdeogramError.Code.invalidValue) {
            try Decode.form(.removeObject, MultipartBuilder().file("image", image).file("mask", mask).field("num_inference_steps", "2.5"))
        }
        expectError(400, IdeogramError.Code.outOfRange) {
            try Decode.form(.removeObject, MultipartBuilder().file("image", image).file("mask", mask).field("seed", "-1"))
        }
        expectError(400, IdeogramError.Code.unsupportedImageType) {
            try Decode.form(.removeObject, MultipartBuilder().file("image", image).file("mask", Fixtures.gif))
        }
    }

    @Test func anAllWhiteRemovalMaskIsAllowed() throws {
        let request = try Decode.form(.removeObject, MultipartBuilder().file("image", Fixtures.png(8, 8)).file("mask", Fixtures.whiteMask(8, 8)))
        #expect(request.mask != nil)
    }

    // MARK: layerize-text

    @Test func layerizeTextTakesAPromptASeedAndFonts() throws {
        let form = MultipartBuilder()
            .file("image", Fixtures.png(32, 24)).field("prompt", #"a poster reading "SALE""#).field("seed", "12345")
            .file("font_candidate_files", Self.ttf, filename: "Inter-Bold.ttf").file("font_candidate_files", Self.woff2, filename: "Lora.woff2")
        let request = try Decode.form(.layerizeText, form)
        #expect(request.prompt == #"a poster reading "SALE""#)
        #expect(request.seed == 12345)
        #expect(request.fontFiles.map(\.filename) == ["Inter-Bold.ttf", "Lora.woff2"])
        #expect(request.allImages.count == 1)
        #expect(request.outputResolution == Resolution(width: 32, height: 24))
        let bare = try Decode.form(.layerizeText, MultipartBuilder().file("image", Fixtures.png(8, 8)))
        #expect(bare.prompt == nil && bare.seed == nil && bare.fontFiles.isEmpty)
    }

    @Test func layerizeTextRefusesBadFontsAndSeeds() {
        let image = Fixtures.png(8, 8)
        expectError(400, IdeogramError.Code.missingField) { try Decode.form(.layerizeText, MultipartBuilder().field("prompt", "x")) }
        expectError(400, IdeogramError.Code.unsupportedFontType) {
            try Decode.form(.layerizeText, MultipartBuilder().file("image", image).file("font_candidate_files", Fixtures.png(4, 4), filename: "f.ttf"))
        }
        var six = MultipartBuilder().file("image", image)
        for i in 0..<6 { six = six.file("font_candidate_files", Self.ttf, filename: "f\(i).ttf") }
        expectError(400, IdeogramError.Code.tooManyFiles) { try Decode.form(.layerizeText, six) }
        let huge = ByteBuffer(bytes: Array("OTTO".utf8) + [UInt8](repeating: 0, count: 5 * 1024 * 1024))
        expectError(400, IdeogramError.Code.fileTooLarge) {
            try Decode.form(.layerizeText, MultipartBuilder().file("image", image).file("font_candidate_files", huge))
        }
        expectError(400, IdeogramError.Code.outOfRange) {
            try Decode.form(.layerizeText, MultipartBuilder().file("image", image).field("seed", "2147483648"))
        }
        expectError(400, IdeogramError.Code.invalidValue) {
            try Decode.form(.layerizeText, MultipartBuilder().file("image", image).field("seed", "abc"))
        }
    }

    @Test func fontsTravelUpstreamAsReceived() throws {
        let form = MultipartBuilder().file("image", Fixtures.png(8, 8)).file("font_candidate_files", Self.ttf, filename: "Inter.ttf")
        let request = try Decode.form(.layerizeText, form)
        let relayed = try #require(request.relayedMultipart(fallbackBoundary: "x"))
        let names = relayed.parts.map { String(buffer: $0.headerBlock) }
        #expect(names.contains { $0.contains(#"name="font_candidate_files"; filename="Inter.ttf""#) })
        #expect(relayed.parts.contains { $0.body == Self.ttf })
    }
}
