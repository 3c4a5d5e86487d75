import IdeogramAPI
import NIOCore
import Testing

@Suite("Legacy endpoints decode")
struct LegacyDecodingTests {
    @Test func seedGenerateExample() throws {
        let request = try Decode.json(.generate, """
            {"image_request":{"prompt":"3D cartoon owl","negative_prompt":"blurry","aspect_ratio":"ASPECT_3_2",
             "model":"V_2","num_images":2,"magic_prompt_option":"AUTO","style_type":"RENDER_3D"}}
            """)
        #expect(request.prompt == "3D cartoon owl")
        #expect(request.model == .V_2)
        #expect(request.numImages == 2)
        #expect(request.styleType == "RENDER_3D")
        #expect(request.renderingSpeed == nil)
        #expect(request.outputResolution == Resolution(width: 1248, height: 832))
        #expect(request.fields["prompt"] == .string("3D cartoon owl"))
        #expect(request.fields["image_request"] == nil)
    }

    @Test func generateDefaults() throws {
        let request = try Decode.json(.generate, #"{"image_request":{"prompt":"p"}}"#)
        #expect(request.model == .V_2)
        #expect(request.styleType == "AUTO")
        #expect(request.numImages == 1)
        #expect(request.outputResolution == Resolution(width: 1024, height: 1024))
    }

    @Test func spect16x10TypoIsAcceptedAndNormalised() throws {
        let request = try Decode.json(.generate, #"{"image_request":{"prompt":"p","aspect_ratio":"SPECT_16_10"}}"#)
        #expect(request.fields["aspect_ratio"] == .string("ASPECT_16_10"))
        #expect(request.outputResolution == Resolution(width: 1280, height: 800))
    }

    @Test func v1ModelsUseThe10ColumnAndEchoNoStyle() throws {
        let request = try Decode.json(.generate, #"{"image_request":{"prompt":"p","model":"V_1_TURBO","aspect_ratio":"ASPECT_16_9"}}"#)
        #expect(request.outputResolution == Resolution(width: 1280, height: 720))
        #expect(request.styleType == nil)
    }

    @Test func oldV2aSpellingAndExplicitResolution() throws {
        let request = try Decode.json(.generate, #"{"image_request":{"prompt":"p","model":"V_2a_TURBO","resolution":"RESOLUTION_1536_640","seed":"2"}}"#)
        #expect(request.model == .V_2A_TURBO)
        #expect(request.fields["model"] == .string("V_2A_TURBO"))
        #expect(request.outputResolution == Resolution(width: 1536, height: 640))
        #expect(request.seed == 2)
    }

    @Test func dryRunAtTopLevelOrInsideImageRequest() throws {
        #expect(try Decode.json(.generate, #"{"image_request":{"prompt":"p"},"dry_run":"true"}"#).dryRun)
        let inner = try Decode.json(.generate, #"{"image_request":{"prompt":"p","dry_run":true}}"#)
        #expect(inner.dryRun)
        #expect(inner.fields["dry_run"] == nil)
    }

    @Test func seedRemixExample() throws {
        let form = MultipartBuilder()
            .field("image_request", #"{ "prompt": "watercolor", "aspect_ratio": "ASPECT_10_16", "image_weight": 50, "magic_prompt_option": "ON", "model": "V_2" }"#)
            .file("image_file", Fixtures.png(30, 30), filename: "file1.png")
        let request = try Decode.form(.remix, form)
        #expect(request.prompt == "watercolor")
        #expect(request.imageWeight == 50)
        #expect(request.model == .V_2)
        #expect(request.outputResolution == Resolution(width: 800, height: 1280))
        #expect(request.image?.field == "image_file")
        #expect(request.fields["image_weight"] == .int(50))
    }

    @Test func seedUpscaleExampleWithEmptyImageRequest() throws {
        let form = MultipartBuilder().field("image_request", "{}").file("image_file", Fixtures.jpeg(512, 384))
        let request = try Decode.form(.upscale, form)
        #expect(request.prompt == nil)
        #expect(request.model == nil)
        #expect(request.styleType == nil)
        #expect(request.numImages == 1)
        #expect(request.outputResolution == Resolution(width: 1024, height: 768))
        #expect(request.fields.isEmpty)
    }

    @Test func upscaleWithParameters() throws {
        let form = MultipartBuilder()
            .field("image_request", #"{"prompt":"sharper","resemblance":"80","detail":20,"num_images":2}"#)
            .file("image_file", Fixtures.webpVP8L(100, 50))
        let request = try Decode.form(.upscale, form)
        #expect(request.prompt == "sharper")
        #expect(request.numImages == 2)
        #expect(request.fields["resemblance"] == .int(80))
        #expect(request.outputResolution == Resolution(width: 200, height: 100))
    }

    @Test func describe() throws {
        let form = MultipartBuilder().field("describe_model_version", "V_2").file("image_file", Fixtures.png(12, 9))
        let request = try Decode.form(.describe, form)
        #expect(request.numImages == 1)
        #expect(request.styleType == nil)
        #expect(request.model == nil)
        #expect(request.fields["describe_model_version"] == .string("V_2"))
        #expect(!request.operation.producesImages)
        expectError(400, "invalid_enum") {
            try Decode.form(.describe, MultipartBuilder().field("describe_model_version", "V_9").file("image_file", Fixtures.png(4, 4)))
        }
    }

    @Test func editKeepsTheInputSize() throws {
        let form = MultipartBuilder()
            .field("prompt", "add a hat")
            .field("model", "V_2_TURBO")
            .field("num_images", "1")
            .field("style_type", "ANIME")
            .file("image_file", Fixtures.jpeg(640, 480))
            .file("mask", Fixtures.jpeg(640, 480))
        let request = try Decode.form(.edit, form)
        #expect(request.model == .V_2_TURBO)
        #expect(request.styleType == "ANIME")
        #expect(request.outputResolution == Resolution(width: 640, height: 480))
    }

    @Test func editWithV1IsRejected() {
        let form = MultipartBuilder()
            .field("prompt", "p").field("model", "V_1")
            .file("image_file", Fixtures.png(8, 8)).file("mask", Fixtures.mask(8, 8))
        expectError(400, "unsupported_model") { try Decode.form(.edit, form) }
    }

    @Test func editRequiresModel() {
        let form = MultipartBuilder().field("prompt", "p")
            .file("image_file", Fixtures.png(8, 8)).file("mask", Fixtures.mask(8, 8))
        expectError(400, "missing_field") { try Decode.form(.edit, form) }
    }

    @Test func reframe() throws {
        let form = MultipartBuilder()
            .field("resolution", "RESOLUTION_1280_720")
            .field("model", "V_2")
            .file("image_file", Fixtures.png(64, 64))
        let request = try Decode.form(.reframe, form)
        #expect(request.outputResolution == Resolution(width: 1280, height: 720))
        #expect(request.styleType == "AUTO")
        expectError(400, "missing_field") {
            try Decode.form(.reframe, MultipartBuilder().field("model", "V_2").file("image_file", Fixtures.png(8, 8)))
        }
        expectError(400, "invalid_enum") {
            try Decode.form(.reframe, MultipartBuilder().field("resolution", "1280x720").field("model", "V_2").file("image_file", Fixtures.png(8, 8)))
        }
    }

    @Test func legacyModelLimits() {
        expectError(400, "conflicting_fields") {
            try Decode.json(.generate, #"{"image_request":{"prompt":"p","model":"V_1","style_type":"GENERAL"}}"#)
        }
        expectError(400, "conflicting_fields") {
            try Decode.json(.generate, #"{"image_request":{"prompt":"p","model":"V_2A","negative_prompt":"x"}}"#)
        }
        expectError(400, "conflicting_fields") {
            try Decode.json(.generate, #"{"image_request":{"prompt":"p","model":"V_2A_TURBO","color_palette":{"name":"EMBER"}}}"#)
        }
    }

    @Test func legacyEnumsAcceptTheSpecSuperset() throws {
        for model in ["V_1", "V_1_TURBO", "V_2", "V_2_TURBO", "V_2A", "V_2A_TURBO", "V_3", "AUTO"] {
            #expect(try Decode.json(.generate, #"{"image_request":{"prompt":"p","model":"\#(model)"}}"#).model?.rawValue == model)
        }
        for style in ["AUTO", "GENERAL", "FICTION", "REALISTIC", "DESIGN", "RENDER_3D", "ANIME", "CUSTOM", "STYLIZED"] {
            #expect(try Decode.json(.generate, #"{"image_request":{"prompt":"p","style_type":"\#(style)"}}"#).styleType == style)
        }
        let version = try Decode.json(.generate, #"{"image_request":{"prompt":"p","magic_prompt_version":"V_0_8"}}"#)
        #expect(version.fields["magic_prompt_version"] == .string("V_0_8"))
    }

    @Test func legacyOnlyAcceptsItsOwnEncodings() {
        expectError(415, "unsupported_content_type") {
            try Decode.form(.generate, MultipartBuilder().field("image_request", #"{"prompt":"p"}"#))
        }
        expectError(415, "unsupported_content_type") {
            try Decode.json(.remix, #"{"image_request":{"prompt":"p"}}"#)
        }
    }
}
