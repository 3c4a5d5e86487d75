import IdeogramAPI
import NIOCore
import Testing

/// Which parts a form may carry: an empty file is refused, a part with an empty name is
/// ignored like any other field the endpoint does not know.
@Suite("Form part rules")
struct FormPartRulesTests {
    @Test func anEmptyReferenceImageIsRefused() {
        let form = MultipartBuilder().field("prompt", "p")
            .file("style_reference_images", Fixtures.png(4, 4))
            .file("style_reference_images", ByteBuffer(), filename: "empty.png")
        expectError(400, "empty_file") { try Decode.form(.v3Generate, form) }
        let character = MultipartBuilder().field("prompt", "p").file("character_reference_images", ByteBuffer())
        expectError(400, "empty_file") { try Decode.form(.v3Generate, character) }
    }

    @Test func anEmptyRequiredImageIsRefusedAsEmpty() {
        let remix = MultipartBuilder().field("prompt", "p").file("image", ByteBuffer())
        expectError(400, "empty_file") { try Decode.form(.v3Remix, remix) }
        let mask = MultipartBuilder().field("prompt", "p").file("image", Fixtures.png(8, 8)).file("mask", ByteBuffer())
        expectError(400, "empty_file") { try Decode.form(.v3Edit, mask) }
    }

    @Test func aPartWithAnEmptyNameIsIgnored() throws {
        let form = MultipartBuilder().field("prompt", "p").field("", "stray").file("", Fixtures.png(4, 4))
        let request = try Decode.form(.v3Generate, form)
        #expect(request.prompt == "p")
        #expect(request.fields[""] == nil)
        #expect(request.allImages.isEmpty)
    }

    @Test func aPartWithoutANameIsStillMalformed() {
        let body = "--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\np\r\n--B\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nv\r\n--B--\r\n"
        expectError(400, "invalid_multipart") { try HostileFixtures.decode(.v3Generate, Array(body.utf8)) }
    }
}
