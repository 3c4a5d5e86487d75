import IdeogramAPI
import NIOCore
import Testing

/// The /v2 rules at the decoder: sizes, tiers, sources and context windows, where the
/// end-to-end tests cannot see the numbers the quote is made from.
@Suite struct V2DecodingTests {
    @Test func autoWithASourceIsA2KSizeOfItsShape() throws {
        let form = MultipartBuilder().field("prompt", "p").file("images", Fixtures.png(400, 300))
        let request = try Decode.form(.v2Generate45, form)
        let size = request.outputResolution
        #expect(size.width % 32 == 0 && size.height % 32 == 0)
        #expect(size.pixelCount <= 2048 * 2048 && size.pixelCount > 1024 * 1024)
        #expect(abs(Double(size.width) / Double(size.height) - 4.0 / 3.0) < 0.03)
        #expect(request.billingTier == "2K" && request.quality == "medium")
        #expect(request.referenceImages.isEmpty && request.image?.resolution == Resolution(width: 400, height: 300))
    }

    @Test func sourceSizeIsScaledDownKeepingItsProportions() throws {
        let large = MultipartBuilder().field("prompt", "p").field("size", "source").file("images", Fixtures.jpeg(4096, 2048))
        let request = try Decode.form(.v2Generate45, large)
        #expect(request.outputResolution.pixelCount <= 2048 * 2048)
        #expect(abs(Double(request.outputResolution.width) / Double(request.outputResolution.height) - 2) < 0.01)
        let small = MultipartBuilder().field("prompt", "p").field("size", "source").file("images", Fixtures.png(640, 480))
        let kept = try Decode.form(.v2Generate45, small)
        #expect(kept.outputResolution == Resolution(width: 640, height: 480) && kept.billingTier == "1K")
    }

    @Test func exactSizesAtTheLimitsAreAccepted() throws {
        for (size, tier) in [("1024x1024", "1K"), ("1056x1024", "2K"), ("4096x1024", "2K"), ("1536x256", "1K"), ("256x256", "1K")] {
            let request = try Decode.json(.v2Generate45, #"{"prompt":"p","size":"\#(size)","quality":"low"}"#)
            #expect(request.outputResolution.description == size && request.billingTier == tier, "\(size)")
        }
        let high = try Decode.json(.v2Generate45, #"{"prompt":"p","size":"1024x1024"}"#)
        #expect(high.quality == "high")
    }

    @Test func sourcesAndReferencesAreSeparated() throws {
        let form = MultipartBuilder().field("prompt", "p")
            .file("images", Fixtures.png(64, 64)).file("images", Fixtures.png(32, 32)).file("images", Fixtures.png(48, 48))
        let request = try Decode.form(.v2Generate45, form)
        #expect(request.image?.resolution == Resolution(width: 64, height: 64))
        #expect(request.referenceImages.map(\.resolution) == [Resolution(width: 32, height: 32), Resolution(width: 48, height: 48)])
        #expect(request.allImages.count == 3)
    }

    @Test func contextWindowRegionMayTouchTheImagesEdges() throws {
        let form = MultipartBuilder().field("prompt", "p").field("context_window", "44,0,300,400").file("image", Fixtures.png(400, 300))
        let request = try Decode.form(.v2PreciseEdit45, form)
        #expect(request.outputResolution == Resolution(width: 400, height: 300))
        let outside = MultipartBuilder().field("prompt", "p").field("context_window", "44,0,301,400").file("image", Fixtures.png(400, 300))
        expectError(400, "invalid_value") { try Decode.form(.v2PreciseEdit45, outside) }
        let tooMany = MultipartBuilder().field("prompt", "p").file("image", Fixtures.png(64, 64)).file("mask", Fixtures.mask(64, 64))
            .file("reference_images", Fixtures.png(8, 8)).file("reference_images", Fixtures.png(8, 8))
            .file("reference_images", Fixtures.png(8, 8)).file("reference_images", Fixtures.png(8, 8))
        expectError(400, "invalid_value") { try Decode.form(.v2PreciseEdit45, tooMany) }
    }

    @Test func v2EnumsKeepTheirLowerCaseSpelling() throws {
        let request = try Decode.json(.v2Generate3, #"{"prompt":"p","rendering_speed":"TURBO","style_type":"Realistic","aspect_ratio":"16x9"}"#)
        #expect(request.fields["rendering_speed"] == .string("turbo"))
        #expect(request.fields["style_type"] == .string("realistic"))
        #expect(request.renderingSpeed == .turbo && request.outputResolution == Resolution(width: 1312, height: 736))
        let tooLong = String(repeating: "a", count: 10_001)
        expectError(400, "out_of_range") { try Decode.json(.v2Generate4, #"{"prompt":"\#(tooLong)"}"#) }
    }
}
