import IdeogramAPI
import NIOCore
import Testing

@Suite("Ideogram 4 and 4.5 endpoints decode")
struct V4DecodingTests {
    static let jsonPrompt = #"{"high_level_description":"a fox","compositional_deconstruction":{"background":"park","elements":[]},"x_future":1}"#

    @Test func theSpecsSizeEnumsAreComplete() {
        #expect(Resolution.ideogramV4.count == 38)
        #expect(Set(Resolution.ideogramV4).count == 38)
        #expect(Resolution.nearestV4(to: Resolution(width: 1920, height: 1080)) == Resolution(width: 1280, height: 720))
        #expect(Resolution.nearestV4(to: Resolution(width: 2048, height: 2048)) == Resolution(width: 2048, height: 2048))
    }

    @Test func everyV4ResolutionDecodesToItsExactSize() throws {
        for size in Resolution.ideogramV4 {
            let request = try Decode.json(.v4Generate, #"{"text_prompt":"x","resolution":"\#(size)"}"#)
            #expect(request.outputResolution == size)
            #expect(request.numImages == 1)
        }
    }

    @Test func aJSONPromptTravelsAsSent() throws {
        let json = try Decode.json(.v45Generate, #"{"json_prompt":\#(Self.jsonPrompt),"seed":null,"enable_copyright_detection":"true"}"#)
        #expect(json.prompt == "a fox")
        #expect(json.seed == nil)
        #expect(json.fields["enable_copyright_detection"] == .bool(true))
        guard case .object(let object)? = json.fields["json_prompt"] else {
            Issue.record("json_prompt should stay an object")
            return
        }
        #expect(object["x_future"] == .int(1))
        // In a form the part is JSON text, relayed byte for byte.
        let form = try Decode.form(.v4Generate, MultipartBuilder().field("json_prompt", Self.jsonPrompt))
        #expect(form.fields["json_prompt"] == .string(Self.jsonPrompt))
        #expect(form.prompt == "a fox")
    }

    @Test func ignoredNumImagesNeverMultipliesTheCharge() throws {
        let request = try Decode.json(.v4Generate, #"{"text_prompt":"x","num_images":8}"#)
        #expect(request.numImages == 1)
    }

    @Test(arguments: [("1K", 1024), ("2K", 2048), ("4K", 4096), ("8K", 8192)])
    func transparentTiersAreSquarePixelBudgets(tier: String, side: Int) throws {
        for ratio in ["AUTO", "1x1", "16x9", "1x4", "4x1", "10x16"] {
            let request = try Decode.json(
                .v4GenerateTransparent, #"{"text_prompt":"x","aspect_ratio":"\#(ratio)","output_resolution":"\#(tier)"}"#)
            let size = request.outputResolution
            #expect(size.pixelCount <= side * side, "\(ratio) \(tier): \(size)")
            #expect(size.pixelCount >= side * side * 9 / 10, "\(ratio) \(tier): \(size)")
            #expect(size.width % 16 == 0 && size.height % 16 == 0)
            #expect(request.outputTier == tier)
        }
        let square = try Decode.json(.v4GenerateTransparent, #"{"text_prompt":"x","output_resolution":"\#(tier)"}"#)
        #expect(square.outputResolution == Resolution(width: side, height: side))
    }

    @Test func balancedIsAcceptedAndFlashIsNot() throws {
        #expect(try Decode.json(.v4Generate, #"{"text_prompt":"x","rendering_speed":"balanced"}"#).renderingSpeed == .balanced)
        #expect(throws: IdeogramError.self) { try Decode.json(.v4Generate, #"{"text_prompt":"x","rendering_speed":"FLASH"}"#) }
    }
}
