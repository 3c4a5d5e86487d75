import IdeogramAPI
import ImageCodec
import NIOCore
import Testing

@Suite("Uploaded images")
struct ImageInputTests {
    private func remix(image: ByteBuffer, decoder: RequestDecoder = RequestDecoder()) throws(IdeogramError) -> IdeogramRequest {
        let form = MultipartBuilder().field("prompt", "p").file("image", image, filename: "photo.png", type: "image/png")
        return try decoder.decode(.v3Remix, contentType: form.contentType, body: form.build())
    }

    @Test func typeIsDecidedByTheBytesNotTheName() throws {
        let request = try remix(image: Fixtures.webpVP8X(640, 480))
        #expect(request.image?.header.format == .webp)
        #expect(request.image?.filename == "photo.png")
        expectError(400, "unsupported_image_type") { try remix(image: Fixtures.gif) }
        expectError(400, "unsupported_image_type") { try remix(image: ByteBuffer(string: "plain text pretending to be a PNG")) }
    }

    @Test func emptyFilePartIsRefused() {
        expectError(400, "empty_file") { try remix(image: ByteBuffer()) }
    }

    @Test func oversizeImage() {
        var limits = InputLimits()
        limits.maxImageBytes = 1000
        var big = Fixtures.png(4, 4)
        big.writeBytes(Array(repeating: 0, count: 2000))
        expectError(400, "image_too_large") { try remix(image: big, decoder: RequestDecoder(limits: limits)) }
        #expect(InputLimits().maxImageBytes == 10 * 1024 * 1024)
    }

    @Test func referenceArraysAreLimitedInTotal() throws {
        var limits = InputLimits()
        limits.maxReferenceBytesTotal = 200
        let decoder = RequestDecoder(limits: limits)
        var reference = Fixtures.png(4, 4)
        reference.writeBytes(Array(repeating: 0, count: 120 - reference.readableBytes))
        let one = MultipartBuilder().field("prompt", "p").file("style_reference_images", reference)
        #expect(try decoder.decode(.v3Generate, contentType: one.contentType, body: one.build()).styleReferenceImages.count == 1)
        let two = one.file("style_reference_images", reference)
        expectError(400, "image_too_large") { try decoder.decode(.v3Generate, contentType: two.contentType, body: two.build()) }
    }

    @Test func maskMustMatchTheImageSize() {
        let form = MultipartBuilder().field("prompt", "p")
            .file("image", Fixtures.png(16, 16)).file("mask", Fixtures.mask(16, 8))
        expectError(400, "mask_size_mismatch") { try Decode.form(.v3Edit, form) }
        let legacy = MultipartBuilder().field("prompt", "p").field("model", "V_2")
            .file("image_file", Fixtures.jpeg(100, 100)).file("mask", Fixtures.jpeg(100, 99))
        expectError(400, "mask_size_mismatch") { try Decode.form(.edit, legacy) }
    }

    @Test func allWhiteMaskIsRejected() throws {
        let white = MultipartBuilder().field("prompt", "p")
            .file("image", Fixtures.png(16, 16)).file("mask", Fixtures.whiteMask(16, 16))
        expectError(400, "mask_all_white") { try Decode.form(.v3Inpaint, white) }
        let nearWhite = MultipartBuilder().field("prompt", "p").field("model", "V_2")
            .file("image_file", Fixtures.png(8, 8)).file("mask", Fixtures.png(8, 8, fill: RGBA(r: 252, g: 255, b: 251)))
        expectError(400, "mask_all_white") { try Decode.form(.edit, nearWhite) }
        let painted = MultipartBuilder().field("prompt", "p")
            .file("image", Fixtures.png(16, 16)).file("mask", Fixtures.mask(16, 16, blackSquare: 1))
        #expect(try Decode.form(.v3Inpaint, painted).mask != nil)
    }

    @Test func characterReferenceMasksMatchTheirReferences() throws {
        let ok = MultipartBuilder().field("prompt", "p")
            .file("character_reference_images", Fixtures.png(10, 10))
            .file("character_reference_images_mask", Fixtures.mask(10, 10))
        #expect(try Decode.form(.v3Generate, ok).characterReferenceMasks.count == 1)
        let wrongSize = MultipartBuilder().field("prompt", "p")
            .file("character_reference_images", Fixtures.png(10, 10))
            .file("character_reference_images_mask", Fixtures.mask(10, 5))
        expectError(400, "mask_size_mismatch") { try Decode.form(.v3Generate, wrongSize) }
        let orphan = MultipartBuilder().field("prompt", "p").file("character_reference_images_mask", Fixtures.mask(10, 10))
        expectError(400, "invalid_value") { try Decode.form(.v3Generate, orphan) }
    }

    @Test func nearestV3ResolutionForOddInputs() throws {
        func output(_ width: Int, _ height: Int) throws -> String {
            let form = MultipartBuilder().field("prompt", "p").file("image", Fixtures.jpeg(width, height))
            return try Decode.form(.v3ReplaceBackground, form).outputResolution.description
        }
        #expect(try output(4000, 3000) == "1152x864")
        #expect(try output(3000, 4000) == "864x1152")
        #expect(try output(1920, 1080) == "1312x736")
        #expect(try output(1000, 3000) == "512x1536")
        #expect(try output(800, 1280) == "800x1280")
    }
}
