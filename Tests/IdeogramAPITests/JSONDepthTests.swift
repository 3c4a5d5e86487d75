import IdeogramAPI
import NIOCore
import Testing

/// Nesting is refused before decoding, at a depth no Ideogram request comes near, so no body
/// can drive the recursive decoder deep.
@Suite("JSON depth")
struct JSONDepthTests {
    /// `{"prompt":"p","x":[[…]]}` with `depth` levels in all, the outer object included.
    private func body(depth: Int) -> String {
        let arrays = depth - 1
        return #"{"prompt":"p","x":"# + String(repeating: "[", count: arrays) + String(repeating: "]", count: arrays) + "}"
    }

    @Test func sixtyFourLevelsAreAccepted() throws {
        let request = try Decode.json(.v3Generate, body(depth: 64))
        #expect(request.prompt == "p")
        #expect(request.fields["x"] != nil)
    }

    @Test func deeperIsInvalidJSON() {
        expectError(400, "invalid_json") { try Decode.json(.v3Generate, body(depth: 65)) }
        expectError(400, "invalid_json") { try Decode.json(.v3Generate, body(depth: 500)) }
        expectError(400, "invalid_json") { try Decode.json(.v3Generate, String(repeating: "[", count: 100_000)) }
        expectError(400, "invalid_json") { try Decode.json(.v3Generate, body(depth: 100_000)) }
        let objects = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        expectError(400, "invalid_json") { try Decode.json(.v3Generate, objects) }
    }

    @Test func bracketsInsideStringsDoNotCount() throws {
        let prompt = String(repeating: "[{", count: 200) + #"\"]"#
        let request = try Decode.json(.v3Generate, #"{"prompt":"\#(prompt)"}"#)
        #expect(request.prompt == String(repeating: "[{", count: 200) + #""]"#)
    }

    @Test func jsonInsideFormPartsIsBoundedToo() {
        let deepRequest = #"{"prompt":"p","x":"# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}"
        let remix = MultipartBuilder().field("image_request", deepRequest).file("image_file", Fixtures.png(4, 4))
        expectError(400, "invalid_json") { try Decode.form(.remix, remix) }
        let palette = #"{"members":"# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}"
        expectError(400, "invalid_json") { try Decode.form(.v3Generate, MultipartBuilder().field("prompt", "p").field("color_palette", palette)) }
    }
}
