import IdeogramAPI
import ImageCodec
import NIOCore
import Testing

/// A header's declared size is a stranger's claim: it is held against the pixel budget before
/// anything multiplies it, sizes an output from it or decodes it.
@Suite("Pixel budget")
struct PixelBudgetTests {
    /// 37 bytes declaring 4294967295×4294967295.
    static let bomb = HostileFixtures.pngHeader(width: .max, height: .max)

    private func form(_ operation: IdeogramAPI.Operation, image: ByteBuffer) -> MultipartBuilder {
        switch operation {
        case .v3Reframe:
            MultipartBuilder().field("resolution", "1024x1024").file("image", image)
        case .v3Edit, .v3Inpaint:
            MultipartBuilder().field("prompt", "p").file("image", image).file("mask", image)
        case .upscale:
            MultipartBuilder().field("image_request", "{}").file("image_file", image)
        case .describe:
            MultipartBuilder().file("image_file", image)
        case .remix:
            MultipartBuilder().field("image_request", #"{"prompt":"p"}"#).file("image_file", image)
        case .edit:
            MultipartBuilder().field("prompt", "p").field("model", "V_2").file("image_file", image).file("mask", image)
        case .reframe:
            MultipartBuilder().field("resolution", "RESOLUTION_1024_1024").field("model", "V_2").file("image_file", image)
        default:
            MultipartBuilder().field("prompt", "p").file("image", image)
        }
    }

    static let imageOperations: [IdeogramAPI.Operation] = [
        .v3ReplaceBackground, .v3Remix, .v3Edit, .v3Inpaint, .v3Reframe, .upscale, .describe, .remix, .edit, .reframe,
    ]

    @Test(arguments: imageOperations)
    func pixelBombIsRefusedWithItsOwnCode(operation: IdeogramAPI.Operation) {
        #expect(Self.bomb.readableBytes == 37)
        expectError(400, "image_too_many_pixels") { try Decode.form(operation, form(operation, image: Self.bomb)) }
    }

    @Test func everyFormatIsHeldToTheBudget() {
        let claims: [ByteBuffer] = [
            HostileFixtures.jpegMax,
            Fixtures.webpVP8L(16384, 16384),
            Fixtures.webpVP8X(1 << 24, 1 << 24),
            Fixtures.webpVP8X(4097, 4096),
            HostileFixtures.pngHeader(width: 0x7fff_ffff, height: 0x7fff_ffff),
        ]
        for image in claims {
            expectError(400, "image_too_many_pixels") { try Decode.form(.v3ReplaceBackground, form(.v3ReplaceBackground, image: image)) }
        }
    }

    @Test func theDefaultBudgetAdmitsAFull4096Square() throws {
        #expect(InputLimits().maxImagePixels == 4096 * 4096)
        #expect(InputLimits().maxRequestPixels == 64 * 1024 * 1024)
        let request = try Decode.form(.v3ReplaceBackground, form(.v3ReplaceBackground, image: Fixtures.jpeg(4096, 4096)))
        #expect(request.outputResolution == Resolution(width: 1024, height: 1024))
    }

    @Test func byteSizeAndPixelSizeHaveDistinctCodes() {
        var limits = InputLimits()
        limits.maxImagePixels = 63
        let decoder = RequestDecoder(limits: limits)
        let small = form(.v3Remix, image: Fixtures.png(8, 8))
        expectError(400, "image_too_many_pixels") { try decoder.decode(.v3Remix, contentType: small.contentType, body: small.build()) }
        limits.maxImagePixels = 64
        #expect((try? RequestDecoder(limits: limits).decode(.v3Remix, contentType: small.contentType, body: small.build())) != nil)
        limits.maxImageBytes = 10
        expectError(400, "image_too_large") { try RequestDecoder(limits: limits).decode(.v3Remix, contentType: small.contentType, body: small.build()) }
    }

    @Test func theRequestTotalIsBudgetedAcrossAllImages() throws {
        var limits = InputLimits()
        limits.maxImagePixels = 10_000
        limits.maxRequestPixels = 15_000
        let decoder = RequestDecoder(limits: limits)
        let one = MultipartBuilder().field("prompt", "p").file("style_reference_images", Fixtures.jpeg(100, 100))
        #expect(try decoder.decode(.v3Generate, contentType: one.contentType, body: one.build()).styleReferenceImages.count == 1)
        let two = one.file("style_reference_images", Fixtures.jpeg(100, 100))
        expectError(400, "image_too_many_pixels") { try decoder.decode(.v3Generate, contentType: two.contentType, body: two.build()) }
    }

    /// 8192² at 16-bit RGBA would inflate to 512 MiB and expand to 256 MiB more; the header
    /// alone refuses it now, for the image and for a mask that is PNG-decoded.
    @Test func a16BitPNGCannotInflateBeyondTheBudget() {
        let bomb = HostileFixtures.png16Bomb(width: 8192, height: 8192)
        #expect(bomb.readableBytes < 100)
        let edit = MultipartBuilder().field("prompt", "p").file("image", Fixtures.jpeg(8192, 8192)).file("mask", bomb)
        expectError(400, "image_too_many_pixels") { try Decode.form(.v3Edit, edit) }
    }

    @Test func theMaskDecodeHonoursTheConfiguredBudget() throws {
        let image = ImageInput(
            field: "image", filename: nil, bytes: Fixtures.png(16, 16),
            header: ImageHeader(format: .png, width: 16, height: 16)
        )
        let maskBytes = Fixtures.mask(16, 16)
        let mask = ImageInput(field: "mask", filename: nil, bytes: maskBytes, header: ImageHeader(format: .png, width: 16, height: 16))
        var limits = InputLimits()
        limits.maxImagePixels = 255
        #expect(throws: IdeogramError.self) { try MaskInspector.check(mask: mask, image: image, limits: limits) }
        do {
            try MaskInspector.check(mask: mask, image: image, limits: limits)
        } catch {
            #expect(error.code == "image_too_many_pixels")
        }
        limits.maxImagePixels = 256
        try MaskInspector.check(mask: mask, image: image, limits: limits)
    }

    @Test func sizeArithmeticSaturatesInsteadOfTrapping() {
        let header = ImageHeader.read(Self.bomb)
        #expect(header?.width == 4_294_967_295)
        #expect(header?.pixelCount == Int.max)
        #expect(Resolution(width: Int.max / 2 + 1, height: 3).scaled(by: 2) == Resolution(width: .max, height: 6))
        #expect(Resolution(width: 4_294_967_295, height: 4_294_967_295).pixelCount == Int.max)
        #expect(SizeArithmetic.product(1 << 32, 1 << 31) == nil)
        #expect(SizeArithmetic.product(-1, 2) == nil)
        #expect(SizeArithmetic.product(4096, 4096, 4) == 67_108_864)
        #expect(SizeArithmetic.sum(.max, 1) == nil)
    }

    @Test func anExtremeButAdmissibleSizeSnapsToAV3Size() {
        // 1×16,000,000 is within the budget but far from any V3 ratio: the nearest V3 size wins.
        let tall = form(.v3ReplaceBackground, image: Fixtures.webpVP8X(1, 16_000_000))
        #expect((try? Decode.form(.v3ReplaceBackground, tall))?.outputResolution == Resolution(width: 512, height: 1536))
    }
}
