import IdeogramAPI
import ImageCodec
import NIOCore
import Testing

@Suite("V3 endpoints decode")
struct V3DecodingTests {
    @Test func seedGenerateExampleAsMultipart() throws {
        let form = MultipartBuilder()
            .field("prompt", "Delicate 3D cover design")
            .field("rendering_speed", "QUALITY")
            .field("num_images", "2")
            .field("aspect_ratio", "2x1")
        let request = try Decode.form(.v3Generate, form)
        #expect(request.operation == .v3Generate)
        #expect(request.prompt == "Delicate 3D cover design")
        #expect(request.numImages == 2)
        #expect(request.renderingSpeed == .quality)
        #expect(request.outputResolution == Resolution(width: 1408, height: 704))
        #expect(request.outputResolution.description == "1408x704")
        #expect(request.styleType == "GENERAL")
        #expect(request.model == nil)
        #expect(request.fields["num_images"] == .int(2))
        #expect(request.fields["aspect_ratio"] == .string("2x1"))
    }

    @Test func generateAsJSONWithDefaults() throws {
        let request = try Decode.json(.v3Generate, #"{"prompt":"a cat","rendering_speed":"TURBO"}"#)
        #expect(request.numImages == 1)
        #expect(request.seed == nil)
        #expect(request.renderingSpeed == .turbo)
        #expect(request.outputResolution == Resolution(width: 1024, height: 1024))
        #expect(request.styleType == "GENERAL")
        #expect(request.dryRun == false)
    }

    @Test func generateWithExplicitResolutionStyleAndPalette() throws {
        let request = try Decode.json(.v3Generate, """
            {"prompt":"p","resolution":"1280x800","style_type":"realistic","seed":"2",
             "color_palette":{"members":[{"color_hex":"#b470b3","color_weight":0.49}]},
             "style_preset":"80S_ILLUSTRATION","magic_prompt":"off"}
            """)
        #expect(request.outputResolution == Resolution(width: 1280, height: 800))
        #expect(request.styleType == "REALISTIC")
        #expect(request.seed == 2)
        #expect(request.fields["seed"] == .int(2))
        #expect(request.fields["magic_prompt"] == .string("OFF"))
        #expect(request.fields["style_preset"] == .string("80S_ILLUSTRATION"))
    }

    @Test func balancedAndFlashAreAccepted() throws {
        #expect(try Decode.json(.v3Generate, #"{"prompt":"p","rendering_speed":"BALANCED"}"#).renderingSpeed == .balanced)
        #expect(try Decode.json(.v3Generate, #"{"prompt":"p","rendering_speed":"FLASH"}"#).renderingSpeed == .flash)
        #expect(RenderingSpeed.balanced.tier == .default)
    }

    @Test func multipartArraysAndJSONEncodedPalette() throws {
        let form = MultipartBuilder()
            .field("prompt", "p")
            .field("style_codes", "AAFF5733")
            .field("style_codes", "0133ff57")
            .field("color_palette", #"{"name":"PASTEL"}"#)
        let request = try Decode.form(.v3Generate, form)
        #expect(request.fields["style_codes"] == .array([.string("AAFF5733"), .string("0133ff57")]))
        #expect(request.fields["color_palette"] == .object(["name": .string("PASTEL")]))
    }

    @Test func styleAndCharacterReferences() throws {
        let form = MultipartBuilder()
            .field("prompt", "p")
            .file("style_reference_images", Fixtures.png(16, 16), filename: "a.png")
            .file("style_reference_images", Fixtures.jpeg(20, 10), filename: "b.jpg")
            .file("character_reference_images", Fixtures.webpVP8(32, 32), filename: "c.webp")
        let request = try Decode.form(.v3Generate, form)
        #expect(request.styleReferenceImages.map(\.header.format) == [.png, .jpeg])
        #expect(request.styleReferenceImages.map(\.filename) == ["a.png", "b.jpg"])
        #expect(request.characterReferenceImages.count == 1)
        #expect(request.fields["style_reference_images"] == nil)
    }

    @Test func seedRemixExampleKeepsTextNumbersAndDefaults() throws {
        let form = MultipartBuilder()
            .field("prompt", "bird playing with a cat in the snow, pixel art style")
            .field("image_weight", "60")
            .field("rendering_speed", "QUALITY")
            .field("num_images", "1")
            .field("seed", "1")
            .field("aspect_ratio", "16x9")
            .field("magic_prompt", "AUTO")
            .field("style_type", "AUTO")
            .field("negative_prompt", "blurry, bad anatomy, watermark")
            .file("image", Fixtures.jpeg(800, 600), filename: "image.jpeg")
            .file("style_reference_images", Fixtures.png(8, 8), filename: "reference-image.png")
        let request = try Decode.form(.v3Remix, form)
        #expect(request.imageWeight == 60)
        #expect(request.seed == 1)
        #expect(request.outputResolution == Resolution(width: 1312, height: 736))
        #expect(request.styleType == "AUTO")
        #expect(request.image?.header == ImageHeader(format: .jpeg, width: 800, height: 600))
        #expect(request.fields["negative_prompt"] == .string("blurry, bad anatomy, watermark"))
    }

    @Test func remixDefaults() throws {
        let form = MultipartBuilder().field("prompt", "p").file("image", Fixtures.png(10, 10))
        let request = try Decode.form(.v3Remix, form)
        #expect(request.imageWeight == 50)
        #expect(request.renderingSpeed == .default)
        #expect(request.outputResolution == Resolution(width: 1024, height: 1024))
    }

    @Test(arguments: [IdeogramAPI.Operation.v3Edit, .v3Inpaint])
    func editAndInpaintSnapToTheNearestV3Resolution(_ operation: IdeogramAPI.Operation) throws {
        let form = MultipartBuilder()
            .field("prompt", "remove text")
            .field("aspect_ratio", "16x9")  // the seed's example sends it; edit has no such field
            .file("image", Fixtures.png(64, 36))
            .file("mask", Fixtures.mask(64, 36))
        let request = try Decode.form(operation, form)
        #expect(request.outputResolution == Resolution(width: 1312, height: 736))
        #expect(request.mask?.header.width == 64)
        #expect(request.styleType == "GENERAL")
        #expect(request.fields["aspect_ratio"] == .string("16x9"))
    }

    @Test func replaceBackgroundKeepsAnInputThatIsAlreadyAV3Size() throws {
        let form = MultipartBuilder()
            .field("prompt", "a beach")
            .field("style_type", "AUTO")
            .file("image", Fixtures.jpeg(1152, 864))
        let request = try Decode.form(.v3ReplaceBackground, form)
        #expect(request.outputResolution == Resolution(width: 1152, height: 864))
        #expect(request.styleType == "AUTO")
        let plain = try Decode.form(.v3ReplaceBackground, MultipartBuilder().field("prompt", "x").file("image", Fixtures.jpeg(1000, 1000)))
        #expect(plain.outputResolution == Resolution(width: 1024, height: 1024))
        #expect(plain.styleType == nil)
    }

    @Test func reframeUsesTheRequiredResolution() throws {
        let form = MultipartBuilder()
            .field("resolution", "1536x640")
            .field("num_images", "3")
            .file("image", Fixtures.png(32, 32))
        let request = try Decode.form(.v3Reframe, form)
        #expect(request.prompt == nil)
        #expect(request.numImages == 3)
        #expect(request.outputResolution == Resolution(width: 1536, height: 640))
        #expect(request.styleType == nil)
    }

    @Test func generateTransparentWithUpscale() throws {
        let request = try Decode.json(.v3GenerateTransparent, #"{"prompt":"logo","aspect_ratio":"16x9","upscale_factor":"X4"}"#)
        #expect(request.outputResolution == Resolution(width: 1312, height: 736))
        #expect(request.upscaledResolution == Resolution(width: 5248, height: 2944))
        let plain = try Decode.form(.v3GenerateTransparent, MultipartBuilder().field("prompt", "logo").field("upscale_factor", "X1"))
        #expect(plain.outputResolution == Resolution(width: 1024, height: 1024))
        #expect(plain.upscaledResolution == nil)
    }

    @Test func generateTransparentRejectsFlash() {
        expectError(400, "invalid_enum") {
            try Decode.json(.v3GenerateTransparent, #"{"prompt":"logo","rendering_speed":"FLASH"}"#)
        }
    }

    @Test func everyV3ResolutionAndAspectRatioIsAccepted() throws {
        for name in ["512x1536", "800x1280", "1024x1024", "1536x640"] {
            let request = try Decode.json(.v3Generate, #"{"prompt":"p","resolution":"\#(name)"}"#)
            #expect(request.outputResolution.description == name)
        }
        let expected = [
            "1x3": "512x1536", "3x1": "1536x512", "1x2": "704x1408", "2x1": "1408x704", "9x16": "736x1312",
            "16x9": "1312x736", "10x16": "800x1280", "16x10": "1280x800", "2x3": "832x1248", "3x2": "1248x832",
            "3x4": "864x1152", "4x3": "1152x864", "4x5": "896x1120", "5x4": "1120x896", "1x1": "1024x1024",
        ]
        for (ratio, size) in expected {
            let request = try Decode.json(.v3Generate, #"{"prompt":"p","aspect_ratio":"\#(ratio)"}"#)
            #expect(request.outputResolution.description == size, "\(ratio)")
        }
    }

    @Test func unknownFieldsAreKeptAndDryRunIsStripped() throws {
        let request = try Decode.json(.v3Generate, #"{"prompt":"p","future_knob":{"a":[1,true,null]},"dry_run":true}"#)
        #expect(request.fields["future_knob"] == .object(["a": .array([.int(1), .bool(true), .null])]))
        #expect(request.dryRun)
        #expect(request.fields["dry_run"] == nil)

        let form = MultipartBuilder().field("prompt", "p").field("x_extra", "1").field("x_extra", "2").field("dry_run", "true")
        let multipart = try Decode.form(.v3Generate, form)
        #expect(multipart.fields["x_extra"] == .array([.string("1"), .string("2")]))
        #expect(multipart.dryRun)
    }
}
