import IdeogramAPI
import NIOCore
import Testing

@Suite("Multipart details")
struct MultipartDetailsTests {
    @Test func quotedBoundaryAndQuotedParameters() throws {
        let boundary = "b0und;ary"
        let body = ByteBuffer(string: """
            --\(boundary)\r
            Content-Disposition: form-data; name="prompt"\r
            \r
            a "quoted"; prompt\r
            --\(boundary)\r
            content-disposition: form-data; name=num_images\r
            \r
            3\r
            --\(boundary)--\r

            """)
        let request = try RequestDecoder().decode(
            .v3Generate, contentType: "multipart/form-data; boundary=\"\(boundary)\"", body: body
        )
        #expect(request.prompt == #"a "quoted"; prompt"#)
        #expect(request.numImages == 3)
    }

    @Test func emptyOptionalFormFieldsMeanNotGiven() throws {
        let form = MultipartBuilder().field("prompt", "p").field("seed", "").field("aspect_ratio", "").field("negative_prompt", "")
        let request = try Decode.form(.v3Generate, form)
        #expect(request.seed == nil)
        #expect(request.fields["seed"] == nil)
        #expect(request.outputResolution == Resolution(width: 1024, height: 1024))
        #expect(request.fields["negative_prompt"] == .string(""))
    }

    @Test func unknownFilePartsAreIgnoredAndRepeatedScalarsKeepTheFirst() throws {
        let form = MultipartBuilder()
            .field("prompt", "first")
            .field("prompt", "second")
            .file("attachment", Fixtures.png(4, 4), filename: "x.png")
        let request = try Decode.form(.v3Generate, form)
        #expect(request.prompt == "first")
        #expect(request.fields["attachment"] == nil)
    }

    @Test func imageRequestPartMayArriveAsAFile() throws {
        let form = MultipartBuilder()
            .file("image_request", ByteBuffer(string: #"{"prompt":"p","model":"V_2_TURBO"}"#), filename: "blob", type: "application/json")
            .file("image_file", Fixtures.png(8, 8))
        let request = try Decode.form(.remix, form)
        #expect(request.model == .V_2_TURBO)
    }

    @Test func styleCodesAsOneJSONArrayPart() throws {
        let form = MultipartBuilder().field("prompt", "p").field("style_codes", #"["AAFF5733","DE3357FF"]"#)
        let request = try Decode.form(.v3Remix, form.file("image", Fixtures.png(4, 4)))
        #expect(request.fields["style_codes"] == .array([.string("AAFF5733"), .string("DE3357FF")]))
    }

    @Test func specCatalogsAreComplete() {
        #expect(Resolution.ideogramV3.count == 69)
        #expect(Set(Resolution.ideogramV3).count == 69)
        #expect(Resolution(v3Name: "1280x800") == Resolution(width: 1280, height: 800))
        #expect(Resolution(width: 1280, height: 800).legacyName == "RESOLUTION_1280_800")
    }

    @Test func everyStylePresetIsAccepted() throws {
        for preset in ["80S_ILLUSTRATION", "90S_NOSTALGIA", "C4D_CARTOON", "WOODBLOCK_PRINT", "coloring_book_ii"] {
            let request = try Decode.json(.v3Generate, #"{"prompt":"p","style_preset":"\#(preset)"}"#)
            #expect(request.fields["style_preset"] == .string(preset.uppercased()))
        }
    }
}
