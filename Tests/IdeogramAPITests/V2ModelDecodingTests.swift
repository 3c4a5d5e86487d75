import IdeogramAPI
import NIOCore
import Testing

/// The ideogram-4 remix and describe and the two transparent generations on /v2 at the decoder:
/// what is taken, the sizes the quote and the sandbox work from, and every kind of refusal.
@Suite struct V2ModelDecodingTests {
    // MARK: /v2/image/remix/ideogram-4

    @Test func remix4KeepsTheSourceShapeUnlessAResolutionIsNamed() throws {
        let form = MultipartBuilder().field("prompt", "as a watercolour").field("num_images", "2").field("rendering_speed", "TURBO")
            .field("image_weight", "70").file("image", Fixtures.png(600, 400))
        let request = try Decode.form(.v2Remix4, form)
        #expect(request.prompt == "as a watercolour" && request.numImages == 2 && request.imageWeight == 70)
        #expect(request.renderingSpeed == .turbo && request.fields["rendering_speed"] == .string("turbo"))
        #expect(request.seed == nil)
        // 3:2 kept, at Ideogram 4's 1K size of that shape.
        #expect(request.outputResolution == Resolution(width: 1248, height: 832))

        let resized = try Decode.form(.v2Remix4, MultipartBuilder().field("prompt", "p").field("resolution", "720x1280").file("image", Fixtures.png(64, 64)))
        #expect(resized.outputResolution == Resolution(width: 720, height: 1280))
        #expect(resized.renderingSpeed == .default && resized.imageWeight == 50)
        // image_weight with a resolution of the source's own shape is fine.
        let sameShape = try Decode.form(
            .v2Remix4, MultipartBuilder().field("prompt", "p").field("resolution", "1024x1024").field("image_weight", "10").file("image", Fixtures.png(64, 64)))
        #expect(sameShape.outputResolution == Resolution(width: 1024, height: 1024) && sameShape.imageWeight == 10)
    }

    @Test func remix4Refusals() {
        let image = Fixtures.png(64, 64)
        expectError(400, "missing_field") { try Decode.form(.v2Remix4, MultipartBuilder().file("image", image)) }
        expectError(400, "missing_field") { try Decode.form(.v2Remix4, MultipartBuilder().field("prompt", "p")) }
        expectError(400, "missing_field") { try Decode.json(.v2Remix4, #"{"prompt":"p","image_asset_identifier":{"asset_type":"UPLOAD","asset_id":"a"}}"#) }
        expectError(400, "unsupported_field") { try Decode.form(.v2Remix4, MultipartBuilder().field("prompt", "p").field("seed", "3").file("image", image)) }
        expectError(400, "conflicting_fields") {
            try Decode.form(.v2Remix4, MultipartBuilder().field("prompt", "p").field("resolution", "1280x720").field("image_weight", "40").file("image", image))
        }
        expectError(400, "invalid_enum") { try Decode.form(.v2Remix4, MultipartBuilder().field("prompt", "p").field("resolution", "1000x1000").file("image", image)) }
        expectError(400, "invalid_enum") { try Decode.form(.v2Remix4, MultipartBuilder().field("prompt", "p").field("rendering_speed", "flash").file("image", image)) }
        expectError(400, "out_of_range") { try Decode.form(.v2Remix4, MultipartBuilder().field("prompt", "p").field("image_weight", "0").file("image", image)) }
        expectError(400, "out_of_range") { try Decode.form(.v2Remix4, MultipartBuilder().field("prompt", "p").field("num_images", "9").file("image", image)) }
        expectError(400, "unsupported_image_type") { try Decode.form(.v2Remix4, MultipartBuilder().field("prompt", "p").file("image", Fixtures.gif)) }
    }

    // MARK: /v2/image/describe/ideogram-4

    @Test func describe4TakesItsFlags() throws {
        let request = try Decode.form(
            .v2Describe4, MultipartBuilder().field("include_tags", "true").field("include_bbox", "false").file("image", Fixtures.jpeg(40, 30)))
        #expect(request.fields["include_tags"] == .bool(true) && request.fields["include_bbox"] == .bool(false))
        #expect(request.numImages == 1 && request.outputResolution == Resolution(width: 40, height: 30))
        expectError(400, "missing_field") { try Decode.json(.v2Describe4, "{}") }
        expectError(400, "missing_field") { try Decode.form(.v2Describe4, MultipartBuilder().field("include_tags", "true")) }
        expectError(400, "invalid_value") { try Decode.form(.v2Describe4, MultipartBuilder().field("include_tags", "maybe").file("image", Fixtures.png(8, 8))) }
        expectError(400, "unsupported_image_type") { try Decode.form(.v2Describe4, MultipartBuilder().file("image", Fixtures.gif)) }
    }

    @Test func describe4KeepsItsOwnTenMegabyteLimitWhenTheOperatorsIsHigher() throws {
        var limits = InputLimits()
        limits.maxImageBytes = 64 * 1024 * 1024
        let decoder = RequestDecoder(limits: limits)
        var padded = Fixtures.png(8, 8)
        padded.writeRepeatingByte(0, count: 10 * 1024 * 1024)  // trailing bytes after IEND
        let form = MultipartBuilder().file("image", padded)
        expectError(400, "image_too_large") { try decoder.decode(.v2Describe4, contentType: form.contentType, body: form.build()) }
        // The remix's own limit is 50 MB: the same file is taken there.
        let remix = MultipartBuilder().field("prompt", "p").file("image", padded)
        let request = try decoder.decode(.v2Remix4, contentType: remix.contentType, body: remix.build())
        #expect(request.image?.bytes.readableBytes == padded.readableBytes)
    }

    // MARK: transparent generation

    @Test func transparent4SizesByAspectRatioAndOutputTier() throws {
        let request = try Decode.json(
            .v2GenerateTransparent4, #"{"prompt":"a sticker","aspect_ratio":"3x2","output_resolution":"2K","rendering_speed":"quality","seed":9,"num_images":2}"#)
        #expect(request.prompt == "a sticker" && request.seed == 9 && request.numImages == 2 && request.renderingSpeed == .quality)
        #expect(request.fields["output_resolution"] == .string("2k") && request.outputTier == "2K")
        // A 2048² pixel budget at 3:2, on the 16-pixel grid.
        #expect(request.outputResolution == Resolution(width: 2496, height: 1664))
        let plain = try Decode.json(.v2GenerateTransparent4, #"{"prompt":"a sticker"}"#)
        #expect(plain.outputResolution == Resolution(width: 1024, height: 1024) && plain.renderingSpeed == .default)
    }

    @Test func transparent4Refusals() {
        expectError(400, "missing_field") { try Decode.json(.v2GenerateTransparent4, #"{"aspect_ratio":"1x1"}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.v2GenerateTransparent4, #"{"prompt":"p","aspect_ratio":"7x5"}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.v2GenerateTransparent4, #"{"prompt":"p","output_resolution":"16k"}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.v2GenerateTransparent4, #"{"prompt":"p","rendering_speed":"flash"}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.v2GenerateTransparent4, #"{"prompt":"p","magic_prompt":"sometimes"}"#) }
        expectError(400, "out_of_range") { try Decode.json(.v2GenerateTransparent4, #"{"prompt":"p","seed":-1}"#) }
        expectError(400, "invalid_json") { try Decode.json(.v2GenerateTransparent4, #"{"prompt":"p""#) }
        // JSON only, as the spec's request body.
        expectError(415, "unsupported_content_type") { try Decode.form(.v2GenerateTransparent4, MultipartBuilder().field("prompt", "p")) }
    }

    @Test func transparent3AnswersTheUpscaledSize() throws {
        let request = try Decode.json(
            .v2GenerateTransparent3, #"{"prompt":"a logo","aspect_ratio":"1x1","upscale_factor":"X2","negative_prompt":"text","rendering_speed":"turbo"}"#)
        #expect(request.fields["upscale_factor"] == .string("x2") && request.renderingSpeed == .turbo)
        // The delivered size: the 1024² base render, upscaled twice.
        #expect(request.outputResolution == Resolution(width: 2048, height: 2048) && request.upscaledResolution == nil)
        let plain = try Decode.json(.v2GenerateTransparent3, #"{"prompt":"a logo"}"#)
        #expect(plain.outputResolution == Resolution(width: 1024, height: 1024) && plain.upscaledResolution == nil)
        let wide = try Decode.json(.v2GenerateTransparent3, #"{"prompt":"a logo","aspect_ratio":"16x9"}"#)
        #expect(wide.outputResolution.width > wide.outputResolution.height)
    }

    @Test func transparent3Refusals() {
        expectError(400, "missing_field") { try Decode.json(.v2GenerateTransparent3, #"{"prompt":""}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.v2GenerateTransparent3, #"{"prompt":"p","upscale_factor":"x3"}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.v2GenerateTransparent3, #"{"prompt":"p","aspect_ratio":"4x1"}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.v2GenerateTransparent3, #"{"prompt":"p","rendering_speed":"flash"}"#) }
        expectError(400, "out_of_range") { try Decode.json(.v2GenerateTransparent3, #"{"prompt":"p","num_images":0}"#) }
        expectError(415, "unsupported_content_type") { try Decode.form(.v2GenerateTransparent3, MultipartBuilder().field("prompt", "p")) }
    }
}
