import IdeogramAPI
import NIOCore
import Testing

@Suite("Invalid input answers the exact status and code")
struct ValidationErrorTests {
    @Test func missingOrBlankPrompt() {
        expectError(400, "missing_field") { try Decode.json(.v3Generate, #"{"rendering_speed":"TURBO"}"#) }
        expectError(400, "missing_field") { try Decode.json(.v3Generate, #"{"prompt":"   \n"}"#) }
        expectError(400, "missing_field") { try Decode.json(.generate, #"{"image_request":{"model":"V_2"}}"#) }
        expectError(400, "missing_field") { try Decode.form(.v3Generate, MultipartBuilder().field("prompt", "")) }
    }

    @Test func missingFieldMessageNamesTheField() {
        do {
            _ = try Decode.json(.v3Generate, #"{}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("prompt"))
        }
    }

    @Test func missingImageRequestAndImages() {
        expectError(400, "missing_field") { try Decode.json(.generate, #"{"prompt":"p"}"#) }
        expectError(400, "missing_field") {
            try Decode.form(.remix, MultipartBuilder().file("image_file", Fixtures.png(4, 4)))
        }
        expectError(400, "missing_field") { try Decode.form(.v3Remix, MultipartBuilder().field("prompt", "p")) }
        expectError(400, "missing_field") {
            try Decode.form(.v3Edit, MultipartBuilder().field("prompt", "p").file("image", Fixtures.png(4, 4)))
        }
        expectError(400, "missing_field") {
            try Decode.form(.v3Reframe, MultipartBuilder().file("image", Fixtures.png(4, 4)))
        }
    }

    @Test func unknownEnumValuesListTheAllowedOnes() {
        do {
            _ = try Decode.json(.v3Generate, #"{"prompt":"p","rendering_speed":"LUDICROUS"}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.status == 400)
            #expect(error.code == "invalid_enum")
            #expect(error.message.contains("BALANCED"))
        }
        expectError(400, "invalid_enum") { try Decode.json(.v3Generate, #"{"prompt":"p","aspect_ratio":"7x3"}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.v3Generate, #"{"prompt":"p","resolution":"1000x1000"}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.v3Generate, #"{"prompt":"p","style_preset":"NOPE"}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.v3Generate, #"{"prompt":"p","style_type":"ANIME"}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.generate, #"{"image_request":{"prompt":"p","aspect_ratio":"2x1"}}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.generate, #"{"image_request":{"prompt":"p","model":"V_9"}}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.generate, #"{"image_request":{"prompt":"p","magic_prompt_option":"MAYBE"}}"#) }
        expectError(400, "invalid_enum") { try Decode.json(.v3GenerateTransparent, #"{"prompt":"p","upscale_factor":"X3"}"#) }
    }

    @Test func numbersOutOfRange() {
        expectError(400, "out_of_range") { try Decode.json(.v3Generate, #"{"prompt":"p","num_images":9}"#) }
        expectError(400, "out_of_range") { try Decode.json(.v3Generate, #"{"prompt":"p","num_images":0}"#) }
        expectError(400, "out_of_range") { try Decode.json(.v3Generate, #"{"prompt":"p","seed":-1}"#) }
        expectError(400, "out_of_range") { try Decode.json(.v3Generate, #"{"prompt":"p","seed":2147483648}"#) }
        expectError(400, "out_of_range") { try Decode.form(.v3Generate, MultipartBuilder().field("prompt", "p").field("num_images", "12")) }
        expectError(400, "out_of_range") {
            try Decode.form(.v3Remix, MultipartBuilder().field("prompt", "p").field("image_weight", "101").file("image", Fixtures.png(4, 4)))
        }
        expectError(400, "out_of_range") {
            try Decode.form(.upscale, MultipartBuilder().field("image_request", #"{"detail":0}"#).file("image_file", Fixtures.png(4, 4)))
        }
    }

    @Test func boundaryValuesPass() throws {
        let request = try Decode.json(.v3Generate, #"{"prompt":"p","num_images":8,"seed":2147483647}"#)
        #expect(request.numImages == 8)
        #expect(request.seed == 2_147_483_647)
        #expect(try Decode.json(.v3Generate, #"{"prompt":"p","seed":0,"num_images":"1"}"#).seed == 0)
    }

    @Test func notAnInteger() {
        expectError(400, "invalid_value") { try Decode.json(.v3Generate, #"{"prompt":"p","num_images":"two"}"#) }
        expectError(400, "invalid_value") { try Decode.json(.v3Generate, #"{"prompt":"p","seed":1.5}"#) }
        expectError(400, "invalid_value") { try Decode.form(.v3Generate, MultipartBuilder().field("prompt", "p").field("seed", "abc")) }
    }

    @Test func explicitNullIsRejected() {
        expectError(400, "invalid_value") { try Decode.json(.v3Generate, #"{"prompt":"p","seed":null}"#) }
    }

    @Test func conflictingFields() {
        expectError(400, "conflicting_fields") {
            try Decode.json(.v3Generate, #"{"prompt":"p","aspect_ratio":"1x1","resolution":"1024x1024"}"#)
        }
        expectError(400, "conflicting_fields") {
            try Decode.json(.generate, #"{"image_request":{"prompt":"p","aspect_ratio":"ASPECT_1_1","resolution":"RESOLUTION_1024_1024"}}"#)
        }
        expectError(400, "conflicting_fields") {
            try Decode.json(.v3Generate, #"{"prompt":"p","style_codes":["AAFF5733"],"style_type":"GENERAL"}"#)
        }
        expectError(400, "conflicting_fields") {
            try Decode.form(.v3Generate, MultipartBuilder().field("prompt", "p").field("style_codes", "AAFF5733")
                .file("style_reference_images", Fixtures.png(4, 4)))
        }
        expectError(400, "conflicting_fields") {
            try Decode.json(.v3Generate, ##"{"prompt":"p","color_palette":{"name":"EMBER","members":[{"color_hex":"#fff"}]}}"##)
        }
    }

    @Test func styleCodesAndPaletteMembersAreChecked() {
        expectError(400, "invalid_value") { try Decode.json(.v3Generate, #"{"prompt":"p","style_codes":["XYZ12345"]}"#) }
        expectError(400, "invalid_value") { try Decode.json(.v3Generate, #"{"prompt":"p","style_codes":["AAFF573"]}"#) }
        expectError(400, "invalid_value") {
            try Decode.json(.v3Generate, #"{"prompt":"p","color_palette":{"members":[{"color_hex":"red"}]}}"#)
        }
        expectError(400, "out_of_range") {
            try Decode.json(.v3Generate, ##"{"prompt":"p","color_palette":{"members":[{"color_hex":"#ff0000","color_weight":2}]}}"##)
        }
        expectError(400, "invalid_json") {
            try Decode.form(.v3Generate, MultipartBuilder().field("prompt", "p").field("color_palette", "{name:"))
        }
    }

    @Test func malformedJSON() {
        expectError(400, "invalid_json") { try Decode.json(.v3Generate, #"{"prompt": "p""#) }
        expectError(400, "invalid_json") { try Decode.json(.v3Generate, #"["prompt"]"#) }
        expectError(400, "invalid_json") { try Decode.json(.generate, #"{"image_request":[1]}"#) }
        expectError(400, "invalid_json") {
            try Decode.form(.remix, MultipartBuilder().field("image_request", "{not json").file("image_file", Fixtures.png(4, 4)))
        }
    }

    @Test func malformedMultipart() {
        let decoder = RequestDecoder()
        let form = MultipartBuilder().field("prompt", "p")
        expectError(400, "invalid_multipart") {
            try decoder.decode(.v3Generate, contentType: "multipart/form-data", body: form.build())
        }
        expectError(400, "invalid_multipart") {
            try decoder.decode(.v3Generate, contentType: "multipart/form-data; boundary=other", body: form.build())
        }
        expectError(400, "invalid_multipart") {
            try decoder.decode(.v3Generate, contentType: form.contentType, body: form.buildTruncated())
        }
        let withImage = MultipartBuilder().field("prompt", "p").file("image", Fixtures.png(8, 8))
        expectError(400, "invalid_multipart") {
            try decoder.decode(.v3Remix, contentType: withImage.contentType, body: withImage.buildTruncated(droppingLast: 10))
        }
        expectError(400, "invalid_multipart") {
            try decoder.decode(.v3Generate, contentType: form.contentType, body: ByteBuffer(string: "--\(form.boundary)\r\nbroken header line\r\n\r\nx\r\n--\(form.boundary)--\r\n"))
        }
    }

    @Test func wrongOrMissingContentType() {
        let decoder = RequestDecoder()
        let body = ByteBuffer(string: #"{"prompt":"p"}"#)
        expectError(415, "unsupported_content_type") { try decoder.decode(.v3Generate, contentType: nil, body: body) }
        expectError(415, "unsupported_content_type") { try decoder.decode(.v3Generate, contentType: "text/plain", body: body) }
        expectError(415, "unsupported_content_type") { try decoder.decode(.v3Remix, contentType: "application/json", body: body) }
        expectError(415, "unsupported_content_type") {
            try decoder.decode(.v3Generate, contentType: "application/x-www-form-urlencoded", body: ByteBuffer(string: "prompt=p"))
        }
        #expect((try? decoder.decode(.v3Generate, contentType: "Application/JSON; charset=utf-8", body: body)) != nil)
    }
}
