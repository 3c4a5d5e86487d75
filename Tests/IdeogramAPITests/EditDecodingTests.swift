import IdeogramAPI
import NIOCore
import Testing

/// `/v1/edit`, `/v1/edit-lite` and `/v2/image/reframe/ideogram-3` at the decoder: what is taken,
/// the sizes the quote and the sandbox work from, and every kind of refusal.
@Suite struct EditDecodingTests {
    static let link = "https://gw.example/files/img_abc-1.png?exp=1999999999&sig=00ff"

    // MARK: /v1/edit

    @Test func editTakesUploadsAndLinksAndDefaultsToTheSquare() throws {
        let form = MultipartBuilder().field("prompt", "make it dusk").field("num_images", "3").field("seed", "7")
            .field("magic_prompt", "off").field("transparent_background", "true")
            .file("images", Fixtures.png(64, 48)).file("images", Fixtures.jpeg(32, 32))
            .field("image_urls", Self.link)
        let request = try Decode.form(.v1Edit, form)
        #expect(request.prompt == "make it dusk" && request.numImages == 3 && request.seed == 7)
        #expect(request.fields["magic_prompt"] == .string("OFF"))
        #expect(request.fields["transparent_background"] == .bool(true))
        #expect(request.image?.resolution == Resolution(width: 64, height: 48))
        #expect(request.referenceImages.map(\.resolution) == [Resolution(width: 32, height: 32)])
        #expect(request.outputResolution == Resolution(width: 1024, height: 1024))
        let links = try request.linkedImageURLs()
        #expect(links == [LinkedImage(url: Self.link, id: "img_abc-1", expires: "1999999999", signature: "00ff")])
    }

    @Test func editSizeFollowsResolutionOrAspectRatio() throws {
        let byResolution = try Decode.form(.v1Edit, MultipartBuilder().field("prompt", "p").field("resolution", "1536x640").file("images", Fixtures.png(8, 8)))
        #expect(byResolution.outputResolution == Resolution(width: 1536, height: 640))
        let byRatio = try Decode.form(.v1Edit, MultipartBuilder().field("prompt", "p").field("aspect_ratio", "16x9").file("images", Fixtures.png(8, 8)))
        #expect(byRatio.outputResolution.width > byRatio.outputResolution.height)
        // Links alone are enough at the decoder; the gateway opens them before pricing.
        let linksOnly = try Decode.form(.v1Edit, MultipartBuilder().field("prompt", "p").field("image_urls", Self.link).field("image_urls", Self.link))
        let opened = try linksOnly.linkedImageURLs()
        #expect(linksOnly.image == nil && opened.count == 2)
    }

    @Test func editRefusals() {
        let image = Fixtures.png(8, 8)
        expectError(400, "missing_field") { try Decode.form(.v1Edit, MultipartBuilder().file("images", image)) }
        expectError(400, "missing_field") { try Decode.form(.v1Edit, MultipartBuilder().field("prompt", "p")) }
        expectError(400, "conflicting_fields") {
            try Decode.form(.v1Edit, MultipartBuilder().field("prompt", "p").field("resolution", "1024x1024").field("aspect_ratio", "1x1").file("images", image))
        }
        expectError(400, "invalid_enum") { try Decode.form(.v1Edit, MultipartBuilder().field("prompt", "p").field("aspect_ratio", "7x5").file("images", image)) }
        expectError(400, "invalid_enum") { try Decode.form(.v1Edit, MultipartBuilder().field("prompt", "p").field("resolution", "1000x1000").file("images", image)) }
        expectError(400, "out_of_range") { try Decode.form(.v1Edit, MultipartBuilder().field("prompt", "p").field("num_images", "9").file("images", image)) }
        expectError(400, "unsupported_image_type") { try Decode.form(.v1Edit, MultipartBuilder().field("prompt", "p").file("images", Fixtures.gif)) }
        var eleven = MultipartBuilder().field("prompt", "p")
        for _ in 0..<11 { eleven = eleven.file("images", image) }
        expectError(400, "too_many_images") { try Decode.form(.v1Edit, eleven) }
        var elevenLinks = MultipartBuilder().field("prompt", "p")
        for _ in 0..<11 { elevenLinks = elevenLinks.field("image_urls", Self.link) }
        expectError(400, "too_many_images") { try Decode.form(.v1Edit, elevenLinks) }
        // JSON is not an encoding /v1/edit takes.
        expectError(415, "unsupported_content_type") { try Decode.json(.v1Edit, #"{"prompt":"p"}"#) }
    }

    @Test func onlyTheGatewaysOwnImageLinksAreTaken() {
        for url in [
            "https://ideogram.ai/api/images/ephemeral/xtdZ.png?exp=1&sig=2",  // Ideogram's own link
            "http://169.254.169.254/latest/meta-data",  // a private address
            "https://gw.example/files/img_a.png",  // unsigned
            "file:///etc/passwd", "not a url",
        ] {
            expectError(400, "unsupported_image_url") {
                let request = try Decode.form(.v1Edit, MultipartBuilder().field("prompt", "p").field("image_urls", url))
                _ = try request.linkedImageURLs()
                return request
            }
        }
    }

    @Test func linkedImagesBecomeUploadedImagesAndTheLinksLeave() throws {
        var request = try Decode.form(.v1Edit, MultipartBuilder().field("prompt", "p").field("image_urls", Self.link))
        try request.attachLinkedImages([Fixtures.png(40, 30), Fixtures.png(20, 20)], limits: InputLimits())
        #expect(request.image?.resolution == Resolution(width: 40, height: 30) && request.image?.field == "images")
        #expect(request.referenceImages.map(\.field) == ["images"])
        #expect(request.fields["image_urls"] == nil && request.receivedBody == nil)
        expectError(400, "unsupported_image_type") {
            var other = try Decode.form(.v1Edit, MultipartBuilder().field("prompt", "p").field("image_urls", Self.link))
            try other.attachLinkedImages([Fixtures.gif], limits: InputLimits())
            return other
        }
    }

    // MARK: /v1/edit-lite

    @Test func editLiteIsAlways1KInTheImagesShapeOrTheAskedRatio() throws {
        let wide = try Decode.form(.v1EditLite, MultipartBuilder().field("prompt", "p").field("transparency", "transparent").file("image", Fixtures.png(400, 200)))
        #expect(wide.outputResolution.pixelCount <= 1_200_000 && wide.outputResolution.pixelCount >= 800_000)
        #expect(abs(Double(wide.outputResolution.width) / Double(wide.outputResolution.height) - 2) < 0.2)
        #expect(wide.fields["transparency"] == .string("TRANSPARENT"))
        let cinema = try Decode.form(.v1EditLite, MultipartBuilder().field("prompt", "p").field("aspect_ratio", "21x9").file("image", Fixtures.png(64, 64)))
        #expect(cinema.outputResolution == Resolution(width: 1472, height: 640))
        let square = try Decode.form(.v1EditLite, MultipartBuilder().field("prompt", "p").field("aspect_ratio", "1x1").file("image", Fixtures.png(64, 32))
            .file("reference_images", Fixtures.png(8, 8)))
        #expect(square.outputResolution == Resolution(width: 1024, height: 1024) && square.referenceImages.count == 1)
    }

    @Test func editLiteRefusals() {
        let image = Fixtures.png(8, 8)
        expectError(400, "missing_field") { try Decode.form(.v1EditLite, MultipartBuilder().field("prompt", "p")) }
        expectError(400, "missing_field") { try Decode.form(.v1EditLite, MultipartBuilder().file("image", image)) }
        expectError(400, "invalid_enum") { try Decode.form(.v1EditLite, MultipartBuilder().field("prompt", "p").field("aspect_ratio", "16x10").file("image", image)) }
        expectError(400, "invalid_enum") { try Decode.form(.v1EditLite, MultipartBuilder().field("prompt", "p").field("transparency", "SOMETIMES").file("image", image)) }
        expectError(400, "out_of_range") { try Decode.form(.v1EditLite, MultipartBuilder().field("prompt", "p").field("num_images", "0").file("image", image)) }
        expectError(400, "unsupported_image_type") { try Decode.form(.v1EditLite, MultipartBuilder().field("prompt", "p").file("image", Fixtures.gif)) }
        var ten = MultipartBuilder().field("prompt", "p").file("image", image)
        for _ in 0..<10 { ten = ten.file("reference_images", image) }
        expectError(400, "too_many_images") { try Decode.form(.v1EditLite, ten) }
    }

    // MARK: /v2/image/reframe/ideogram-3

    @Test func reframeTakesItsResolutionAndSpeed() throws {
        let form = MultipartBuilder().field("resolution", "1536x640").field("rendering_speed", "QUALITY").field("num_images", "2")
            .file("image", Fixtures.png(64, 64))
        let request = try Decode.form(.v2Reframe3, form)
        #expect(request.outputResolution == Resolution(width: 1536, height: 640))
        #expect(request.renderingSpeed == .quality && request.numImages == 2)
        #expect(request.fields["rendering_speed"] == .string("quality"))
        #expect(request.operation.isV2)
    }

    @Test func reframeRefusals() {
        let image = Fixtures.png(8, 8)
        expectError(400, "missing_field") { try Decode.form(.v2Reframe3, MultipartBuilder().file("image", image)) }
        // JSON with only an asset identifier: the source must be uploaded, as on the other ideogram-3 routes.
        expectError(400, "missing_field") { try Decode.json(.v2Reframe3, #"{"resolution":"1024x1024","image_asset_identifier":"abc"}"#) }
        expectError(400, "invalid_enum") { try Decode.form(.v2Reframe3, MultipartBuilder().field("resolution", "1000x1000").file("image", image)) }
        expectError(400, "invalid_enum") { try Decode.form(.v2Reframe3, MultipartBuilder().field("resolution", "1024x1024").field("rendering_speed", "flash").file("image", image)) }
        expectError(400, "out_of_range") { try Decode.form(.v2Reframe3, MultipartBuilder().field("resolution", "1024x1024").field("seed", "2147483648").file("image", image)) }
        expectError(400, "conflicting_fields") {
            try Decode.form(.v2Reframe3, MultipartBuilder().field("resolution", "1024x1024").field("style_preset", "art_deco")
                .field("style_codes", "AAFF5733").file("image", image))
        }
        expectError(400, "unsupported_image_type") { try Decode.form(.v2Reframe3, MultipartBuilder().field("resolution", "1024x1024").file("image", Fixtures.gif)) }
    }
}
